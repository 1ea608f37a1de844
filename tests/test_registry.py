"""Patient registry: import, cautious matching, and its effect on the route."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import registry
from pipeline.registry import import_csv, match, match_record, sqlite_url, write_sample_registry
from pipeline.route import decide
from tests.test_rules import make_draft


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One sample registry for the module: the tests only read it."""
    u = sqlite_url(tmp_path_factory.mktemp("registry") / "registry.sqlite")
    write_sample_registry(u)
    return u


class TestImport:
    def test_import_csv_adds_and_replaces(self, tmp_path: Path) -> None:
        u = sqlite_url(tmp_path / "r.sqlite")
        csv_path = tmp_path / "patients.csv"
        csv_path.write_text("mrn,name,dob,email\n7,Ada  Byron,1815-12-10,ADA@X.ORG\n"
                            "8,Tom Thumb,1990-02-03,\n", encoding="utf-8")
        assert import_csv(csv_path, u) == 2
        csv_path.write_text("mrn,name,dob\n7,Ada King,1815-12-10\n", encoding="utf-8")
        assert import_csv(csv_path, u) == 1
        pm, rec = match_record("Ada King", "1815-12-10", None, u)
        assert pm.status == "matched" and rec is not None and rec.mrn == "7"

    def test_bad_rows_name_the_line_not_the_content(self, tmp_path: Path) -> None:
        csv_path = tmp_path / "bad.csv"
        csv_path.write_text("mrn,name,dob\n9,Secret Person,31/12/1990\n", encoding="utf-8")
        with pytest.raises(ValueError, match="line 2") as err:
            import_csv(csv_path, sqlite_url(tmp_path / "r.sqlite"))
        assert "Secret" not in str(err.value) and "1990" not in str(err.value)

    def test_missing_columns(self, tmp_path: Path) -> None:
        csv_path = tmp_path / "bad.csv"
        csv_path.write_text("id,name\n1,A\n", encoding="utf-8")
        with pytest.raises(ValueError, match="dob, mrn"):
            import_csv(csv_path, sqlite_url(tmp_path / "r.sqlite"))

    def test_in_memory_url_works(self) -> None:
        write_sample_registry("sqlite://")
        assert match("Robert Chen", "1958-01-22", None, "sqlite://").status == "matched"


class TestMatch:
    def test_exact_and_fuzzy_name_with_exact_dob(self, url: str) -> None:
        assert match("Maria L. Gonzales", "1984-03-12", None, url).mrn == "100001"
        fuzzy = match("Maria Gonzalez", "1984-03-12", None, url)
        assert fuzzy.status == "matched" and fuzzy.score is not None and fuzzy.score < 1

    def test_dob_must_be_exact(self, url: str) -> None:
        assert match("Maria L. Gonzales", "1984-03-13", None, url).status == "not_found"

    def test_no_dob_no_mrn_is_not_found(self, url: str) -> None:
        assert match("Maria L. Gonzales", None, None, url).status == "not_found"

    def test_two_close_candidates_are_ambiguous(self, url: str) -> None:
        pm = match("Lena Fischer", "2011-06-04", None, url)
        assert pm.status == "ambiguous" and pm.mrn is None

    def test_mrn_with_agreeing_name_wins_over_twins(self, url: str) -> None:
        pm, rec = match_record("Lena Fischer", "2011-06-04", "100003", url)
        assert pm.status == "matched" and rec is not None and rec.mrn == "100003"

    def test_mrn_with_name_but_other_dob_is_matched_for_mismatch_check(self, url: str) -> None:
        pm, rec = match_record("James Okafor", "1971-11-29", "100002", url)
        assert pm.status == "matched" and rec is not None and rec.dob == "1971-11-30"

    def test_mrn_of_someone_else_is_ambiguous(self, url: str) -> None:
        """GIVEN an MRN naming one patient and name+DOB naming another THEN a person picks."""
        assert match("James Okafor", "1971-11-30", "100005", url).status == "ambiguous"

    def test_unknown_mrn_falls_back_to_name_and_dob(self, url: str) -> None:
        assert match("Robert Chen", "1958-01-22", "999", url).mrn == "100005"

    def test_engine_is_cached_per_url(self, url: str) -> None:
        assert registry.engine(url) is registry.engine(url)


class TestRouteWithRegistry:
    def test_not_found_sends_to_review(self, url: str) -> None:
        pm = match("Nobody Known", "1980-01-02", None, url)
        dec = decide(make_draft("amendment_request", patient_match=pm))
        assert dec.route == "review" and dec.validity == "valid"
        assert "REVIEW_PATIENT_NOT_MATCHED" in {f.code for f in dec.findings}

    def test_matched_record_disagreeing_dob_is_unknown(self, url: str) -> None:
        pm, rec = match_record("James Okafor", "1971-11-29", "100002", url)
        d = make_draft("amendment_request", {"patient_name": "James Okafor",
                                             "signer_name": "James Okafor",
                                             "patient_dob": "1971-11-29"},
                       patient_match=pm, matched_record=rec)
        dec = decide(d)
        assert dec.validity == "unknown" and dec.route == "review"
        assert "REVIEW_PATIENT_MISMATCH" in {f.code for f in dec.findings}

    def test_matched_and_agreeing_can_go_auto(self, url: str) -> None:
        pm, rec = match_record("Robert Chen", "1958-01-22", None, url)
        d = make_draft("amendment_request", {"patient_name": "Robert Chen",
                                             "signer_name": "Robert Chen",
                                             "patient_dob": "1958-01-22"},
                       patient_match=pm, matched_record=rec)
        assert decide(d).route == "auto"
