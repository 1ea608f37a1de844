"""Pools of titles, labels and statement wordings templates pick from.

Written for this project after reading how real release-of-information
forms phrase things; no form's text is copied. Each issuer picks one
variant per slot (see ``forms.py``), so wording differs across issuers but
is stable within one.
"""

from __future__ import annotations

TITLES: dict[str, list[tuple[str, str]]] = {
    "access_request": [
        ("Patient Request to Access Health Records", ""),
        ("Request for Copies of My Medical Records", ""),
        ("Patient Access Request", "Right of Access under HIPAA (45 CFR 164.524)"),
        ("Request to Inspect or Obtain a Copy of Health Information", ""),
        ("Individual's Request for Access to Protected Health Information", ""),
        ("Medical Records Request - Patient Copy", ""),
        ("Request for Access to My Health Information", "Please print clearly"),
        ("Patient Request for Records", "Health Information Management"),
        ("Access to Health Records Request Form", ""),
        ("Request for My Own Records", "and Directions to Send a Copy to a Third Party"),
    ],
    "third_party_authorization": [
        ("Authorization for Release of Protected Health Information", ""),
        ("Authorization to Disclose Health Information", ""),
        ("HIPAA Authorization for Use and Disclosure of Health Information", ""),
        ("Authorization to Release Medical Records", "to a Third Party"),
        ("Consent and Authorization for Disclosure of Records", "Including Behavioral Health and Substance Use Records"),
        ("Release of Information Authorization", ""),
        ("Authorization for Disclosure of Confidential Health Information", ""),
        ("Patient Authorization to Release Information", ""),
        ("Authorization to Use or Disclose PHI", "Valid Authorization Required by 45 CFR 164.508"),
        ("Consent for Release of Information", "42 CFR Part 2 and HIPAA"),
    ],
    "portal_proxy_authorization": [
        ("Patient Authorization for Third Party Access to Patient Portal", ""),
        ("Patient Portal Proxy Access Request", ""),
        ("Authorization for Proxy Access to My Online Health Record", ""),
        ("MyHealth Portal Proxy Authorization", "Adult Patient (18 and older)"),
        ("Request to Grant Portal Access to a Family Member or Caregiver", ""),
        ("Online Account Proxy Authorization Form", ""),
        ("Shared Access Authorization - Patient Portal", ""),
        ("Authorization to Share My Portal Account", "Caregiver / Proxy Access"),
    ],
    "minor_portal_authorization": [
        ("Authorization to Disclose Minor Patient (Age 12-17) Electronic Health Information", "to Parent/Guardian or Minor via Patient Portal"),
        ("Adolescent Patient Portal Access Authorization", "Patients Ages 12 through 17"),
        ("Teen Portal Access Agreement", "Minor and Parent/Guardian Authorization"),
        ("Parent/Guardian Proxy Access for Adolescent Patients", "Ages 12-17"),
        ("Minor Patient Portal Authorization", ""),
        ("Authorization for Portal Access - Patient Age 12 to 17", ""),
        ("Adolescent Confidentiality and Patient Portal Consent", ""),
        ("Request for Portal Access to a Minor's Health Information", "Ages 12-17"),
    ],
    "amendment_request": [
        ("Amend Your Protected Health Information", ""),
        ("Request for Amendment of Health Information", ""),
        ("Patient Request to Amend Medical Record", ""),
        ("Request to Correct or Amend Protected Health Information", "45 CFR 164.526"),
        ("Health Record Amendment Request", ""),
        ("Request for Correction of My Medical Record", ""),
        ("Amendment Request Form", "Health Information Management"),
        ("Request to Change Information in My Health Record", ""),
    ],
    "revocation": [
        ("Revocation of Authorization", ""),
        ("Revocation of Authorization to Release Health Information", ""),
        ("Notice of Revocation", "Authorization or Portal Access"),
        ("Request to Revoke Authorization or Proxy Access", ""),
        ("Cancellation of Authorization for Disclosure", ""),
        ("Revocation of Patient Portal Proxy Access", ""),
        ("Withdrawal of Consent to Release Information", ""),
        ("Revoke My Authorization", ""),
    ],
}

LABELS: dict[str, list[str]] = {
    "patient_name": ["Patient Name", "Name of Patient", "Patient's Legal Name", "Patient Name (First, Middle, Last)",
                     "Client Name", "Full Name", "Patient's Full Name", "Name"],
    "patient_dob": ["Date of Birth", "DOB", "D.O.B.", "Birthdate", "Birth Date", "Patient DOB"],
    "mrn": ["MRN", "Medical Record #", "Medical Record Number", "Acct / MRN", "Patient ID", "Chart #", "Record No."],
    "patient_phone": ["Phone", "Telephone", "Phone Number", "Daytime Phone", "Best Contact Number", "Tel."],
    "patient_email": ["Email", "E-mail Address", "Email address", "Patient Email"],
    "patient_address": ["Address", "Mailing Address", "Home Address", "Street Address, City, State, ZIP",
                        "Current Address"],
    "street": ["Street Address", "Address", "Mailing Address"],
    "csz": ["City, State, ZIP", "City / State / Zip", "City, State and Zip Code"],
    "signer_name": ["Printed Name", "Print Name", "Name of person signing", "Printed name of signer",
                    "Print Name of Patient or Representative"],
    "representative_authority": ["Relationship to Patient / Legal Authority", "Authority to act for patient",
                                 "If not signed by patient, describe authority", "Representative's Authority",
                                 "Relationship / Authority (attach proof)"],
    "recipient_name": ["Recipient", "Name of Person or Organization", "Release To", "Send Records To",
                       "Recipient Name / Organization", "Name of Recipient"],
    "recipient_address": ["Recipient Address", "Address", "Mailing Address of Recipient", "Street, City, State, ZIP"],
    "recipient_phone": ["Recipient Phone/Fax", "Phone", "Telephone / Fax", "Recipient Telephone"],
    "disclosing_party": ["Disclosing Provider / Program", "Release From", "Provider or Facility Releasing Records",
                         "Name of Provider Disclosing Information", "From (Disclosing Party)"],
    "purpose": ["Purpose of Disclosure", "Purpose of use or disclosure", "Reason for Release",
                "The information will be used for", "Purpose"],
    "date_range": ["Dates of service", "Treatment dates", "Date range of records", "Dates of Service Requested"],
    "expiration_date": ["Expiration date", "This authorization expires on", "Expires on (date)", "Expiration Date"],
    "expiration_event": ["Expiration event", "or upon this event", "Event", "or when the following occurs"],
    "proxy_name": ["Proxy Name", "Name of Proxy", "Person to Receive Access", "Authorized Proxy (Full Name)",
                   "Caregiver / Family Member Name"],
    "proxy_relationship": ["Relationship to Patient", "Relationship", "Proxy's Relationship to You"],
    "proxy_email": ["Proxy Email", "Proxy's Email Address", "Email for Portal Invitation", "E-mail"],
    "proxy_phone": ["Proxy Phone", "Proxy's Phone Number", "Phone"],
    "minor_name": ["Minor's Name", "Patient (Minor) Name", "Name of Minor Patient", "Adolescent's Name"],
    "minor_dob": ["Minor's Date of Birth", "Minor DOB", "Date of Birth", "Birthdate"],
    "guardian_name": ["Parent/Guardian Name", "Name of Parent or Legal Guardian", "Guardian's Printed Name",
                      "Parent / Guardian"],
    "guardian_relationship": ["Relationship to Minor", "Relationship", "Parent/Guardian Relationship"],
    "record_date": ["Date of the entry to amend", "Date of Service", "Date of record", "Visit date of entry"],
    "information_to_amend": ["Information to be amended", "What information do you believe is incorrect?",
                             "Entry / item you want amended", "Describe the information"],
    "requested_change": ["Requested change", "How should the entry read?", "What should it say instead?",
                         "Change requested"],
    "reason": ["Reason for request", "Why is the information incorrect or incomplete?", "Reason", "Explanation"],
    "revoked_party": ["Person or organization authorized", "Recipient / proxy named on the original",
                      "Revoked party", "Name of recipient or proxy"],
    "original_authorization_date": ["Date of original authorization", "Date authorization was signed",
                                    "Original form dated", "Authorization dated"],
    "effective_date": ["Effective date of revocation", "Revocation effective", "Effective date",
                       "Stop releasing as of"],
}

CATEGORY_LABELS: dict[str, list[str]] = {
    "all_records": ["Entire medical record", "Complete record", "All records", "Complete Medical Record",
                    "Full chart (all records)", "Everything"],
    "progress_notes": ["Progress / office notes", "Clinic / visit notes", "Physician progress notes",
                       "Office visit notes", "Visit notes"],
    "lab_results": ["Laboratory results", "Lab / pathology reports", "Lab results", "Laboratory reports", "Labs"],
    "imaging": ["Radiology / imaging reports", "X-ray, CT, MRI reports", "Imaging", "Diagnostic imaging", "X-rays / scans"],
    "medication_list": ["Medication list", "Current medications", "Medications / prescriptions", "Medicines"],
    "immunizations": ["Immunization record", "Vaccination history", "Immunizations", "Shot record", "Shots / vaccines"],
    "discharge_summaries": ["Discharge summaries", "Hospital discharge summary", "Discharge summary"],
    "billing": ["Billing records", "Itemized bill / statements", "Billing / payment records", "Bills"],
    "mental_health": ["Mental health records", "Behavioral health records", "Counseling / mental health", "Counseling"],
    "substance_use_treatment": ["Substance use disorder treatment (42 CFR Part 2)", "Alcohol / drug treatment records",
                                "SUD treatment records (Part 2 program)"],
    "psychotherapy_notes": ["Psychotherapy notes (separate authorization required)",
                            "Psychotherapy notes - must be requested alone",
                            "Psychotherapy notes (only item on this form)"],
    "dental": ["Dental records", "Dental charts & x-rays", "Dental"],
    "hiv_std_genetic": ["HIV/AIDS, STD or genetic testing", "HIV / STI / genetic test results",
                        "HIV, sexually transmitted infection or genetic information"],
}

SECTIONS: dict[str, list[str]] = {
    "patient": ["Patient", "Patient Information", "About the Patient", "Who is this request for?", "Client Information"],
    "recipient": ["Recipient", "Release To", "Who will receive the information?", "Recipient Information"],
    "discloser": ["Disclosing Provider", "Release From", "Who may disclose the information?"],
    "records": ["Information", "Information to be Disclosed", "Records Requested", "What records?", "Records to Release"],
    "purpose": ["Purpose", "Purpose of the Disclosure", "Why is the information needed?"],
    "expiration": ["Expiration", "When does this authorization end?", "Expiration of Authorization"],
    "rights": ["Your Rights", "I Understand That", "Patient Rights and Acknowledgments", "Important Information"],
    "signature": ["Signature", "Authorization", "Sign Here", "Signature of Patient or Legal Representative"],
    "delivery": ["How would you like your records?", "Format and Delivery", "Delivery Method", "Copy Format"],
    "proxy": ["Proxy Information", "Person Receiving Access", "Proxy / Caregiver"],
    "minor": ["Minor Patient", "Adolescent Information", "Patient (Age 12-17)"],
    "guardian": ["Parent or Guardian", "Parent / Legal Guardian", "Guardian Information"],
    "amend": ["Amendment Request", "Information to be Amended", "Your Request"],
    "revoke": ["What I Am Revoking", "Revocation", "Authorization Being Revoked"],
}

STATEMENTS: dict[str, list[str]] = {
    "statement_revocation": [
        "I understand that I may revoke this authorization at any time by giving written notice to the Health Information Management department, except to the extent that action has already been taken in reliance on it.",
        "You may cancel (revoke) this authorization at any time. Your revocation must be in writing and sent to the address above. It will not affect information already released before we receive it.",
        "This authorization may be revoked in writing at any time, except where disclosures have already been made based on it. Revocation procedures are described in our Notice of Privacy Practices.",
        "I have the right to revoke this authorization by sending a signed, written revocation to the Privacy Office. A revocation does not apply to information already disclosed.",
    ],
    "statement_conditioning": [
        "I understand that my treatment, payment, enrollment in a health plan, or eligibility for benefits will not be conditioned on whether I sign this authorization.",
        "Signing this form is voluntary. We will not refuse to treat you, or deny payment, enrollment or eligibility, if you do not sign.",
        "I am not required to sign this authorization to receive care, and my care, payment or benefits will not depend on my signing it.",
        "Treatment, payment, enrollment or eligibility for benefits cannot be conditioned on my signing this authorization.",
    ],
    "statement_redisclosure": [
        "I understand that information disclosed under this authorization may be redisclosed by the recipient and may no longer be protected by federal privacy rules.",
        "Once released, the information may be shared again by the person or organization receiving it and may no longer be protected by HIPAA.",
        "Information released to a recipient that is not covered by HIPAA may be redisclosed and may lose its federal privacy protection.",
        "The recipient may further disclose the information, and it may then no longer be protected by federal or state privacy law.",
    ],
}

PART2: dict[str, list[str]] = {
    "sud_description": [
        "Substance use disorder records: if checked above, this includes diagnosis, treatment, medications and progress in the substance use disorder program, protected by 42 CFR Part 2.",
        "I specifically authorize disclosure of my alcohol and drug treatment records (assessments, treatment plans, attendance, toxicology results and discharge summary) covered by 42 CFR Part 2.",
    ],
    "revocation_how": [
        "Part 2 records: I may revoke this consent in writing at any time by sending a signed letter to the program's Privacy Officer at the address above, except to the extent the program has already acted on it.",
        "To revoke consent for substance use disorder records, submit a written, signed revocation to Health Information Management; it takes effect when received.",
    ],
    "tpo_consent": [
        "I consent to the use and disclosure of my SUD records for all future treatment, payment and health care operations (TPO) by my treating providers, health plans, third-party payers, and people helping to operate this program.",
    ],
    "tpo_redisclosure": [
        "Records disclosed for TPO to a HIPAA covered entity or business associate may be further disclosed under HIPAA, except for uses in civil, criminal, administrative or legislative proceedings against me.",
    ],
    "tpo_refusal": [
        "If I refuse to sign this TPO consent, I will still receive treatment; refusing does not affect my care, except where the consent is needed for payment.",
    ],
}

PART2_NOTICE = [
    "42 CFR Part 2 notice: records of substance use disorder treatment are disclosed under this consent only to the recipient and for the purpose named. Federal rules (42 CFR Part 2) restrict further use.",
    "Notice to recipient: this information has been disclosed from records protected by federal confidentiality rules (42 CFR Part 2).",
]

PSYCHO_NOTE = [
    "Psychotherapy notes may only be released with an authorization that requests them alone; if you want them released, complete a separate form.",
    "Note: a request for psychotherapy notes cannot be combined with any other records on this form.",
]

INTROS: dict[str, list[str]] = {
    "access_request": [
        "Use this form to request a copy of your own health records, or to direct us to send a copy to a person you choose.",
        "You have the right to see and get a copy of your health information. Please allow up to 30 days for us to respond.",
        "Complete all sections. Incomplete requests may delay processing. A reasonable, cost-based fee may apply to copies.",
    ],
    "third_party_authorization": [
        "Completing this form allows us to share your health information with the person or organization you name below.",
        "This authorization must be completed in full. Requests that are incomplete will be returned.",
        "By signing, I authorize the release of health information as described below.",
    ],
    "portal_proxy_authorization": [
        "A proxy can view your health record, send messages and schedule appointments on your behalf through the patient portal.",
        "Use this form to give a family member, friend or caregiver access to your patient portal account.",
        "Proxy access lets the person named below see your information online. You can end it at any time in writing.",
    ],
    "minor_portal_authorization": [
        "State law allows patients ages 12 to 17 to receive some care confidentially. Parent/guardian portal access will not show that confidential information.",
        "Both the minor patient and the parent or legal guardian must sign this form before portal access is granted.",
        "This form sets who may see the adolescent's electronic health information through the patient portal.",
    ],
    "amendment_request": [
        "You have the right to ask us to amend health information that you believe is incorrect or incomplete. We will respond within 60 days.",
        "Please describe the information you want changed and why. Attach additional pages if needed.",
        "We may deny your request if the information is accurate and complete; if so, you may file a statement of disagreement.",
    ],
    "revocation": [
        "Use this form to revoke an authorization or portal access you gave before. The revocation does not affect disclosures already made.",
        "Your revocation takes effect when we receive it, unless you give a later date below.",
        "Complete this form to stop further release of your information under an earlier authorization.",
    ],
}

PURPOSES = ["At the request of the patient", "Continuity of care", "Legal proceedings", "Disability claim",
            "Life insurance application", "Workers' compensation claim", "Personal use", "School enrollment",
            "Coordination of care with new provider", "Social Security disability", "Second opinion",
            "Attorney review", "Employment physical", "Insurance claim", "Personal records"]
EXPIRATION_EVENTS = ["Settlement of claim", "End of treatment", "Conclusion of litigation", "Close of my claim",
                     "Completion of the insurance application", "One year after my death", "Discharge from program",
                     "Final decision on disability claim"]
RELATIONSHIPS = ["Spouse", "Daughter", "Son", "Sister", "Brother", "Caregiver", "Friend", "Partner", "Mother",
                 "Father", "Niece", "Grandson", "Granddaughter"]
GUARDIAN_RELS = ["Mother", "Father", "Legal guardian", "Grandmother (guardian)", "Stepfather", "Parent"]
REP_AUTHORITIES = ["Legal guardian", "Healthcare power of attorney", "Executor of estate", "Court-appointed conservator",
                   "Durable power of attorney", "Personal representative"]
RECIPIENT_KINDS = ["{last} Law Group", "{last} & {last2}, LLP", "{last} Orthopedic Associates",
                   "{last} Family Practice", "{last} Insurance Company", "{last} Benefits", "{last} Claims Services",
                   "{last} Middle School", "{last} Physical Therapy", "{first} {last}", "{last} Disability Services",
                   "{city} Medical Group", "Law Office of {first} {last}"]
AMEND_ITEMS = [
    ("ER note lists alcohol use disorder", "Remove this diagnosis", "Entered in error for another patient"),
    ("Allergy list shows penicillin allergy", "Remove penicillin allergy", "I have taken penicillin with no reaction"),
    ("Visit note says I smoke", "Change to never smoker", "I have never smoked"),
    ("Medication list includes metformin", "Remove metformin", "I was never prescribed this medication"),
    ("Wrong date of birth on lab report", "Correct my date of birth", "Clerical error"),
    ("Family history says heart disease in father", "Change to no known heart disease", "My father has no heart disease"),
    ("Discharge summary lists wrong surgeon", "List the correct surgeon", "The summary names the wrong physician"),
    ("Problem list shows depression", "Mark as resolved", "Condition resolved in 2021 per my counselor"),
    ("Weight recorded as 310 lb", "Correct weight to 130 lb", "Typing error in vitals"),
    ("Address in my chart is outdated", "Update to my current address", "I moved last year"),
]
ACCESS_TO = [("guardian", "Parent/guardian only"), ("minor", "Minor only"), ("both", "Both minor and parent/guardian")]
