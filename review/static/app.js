// him-intake review: keyboard, field boxes, zoom. No inline script (strict CSP).
(function () {
  "use strict";
  const $ = (s, r) => (r || document).querySelector(s);
  const $$ = (s, r) => Array.from((r || document).querySelectorAll(s));
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName) && el.type !== "submit" && el.tagName !== "BUTTON");

  // ---- queue: j/k select, Enter/o open
  function queueRows() { return $$("#queue tbody tr"); }
  function moveSelection(step) {
    const rows = queueRows();
    if (!rows.length) return;
    let i = rows.findIndex((r) => r.classList.contains("selected"));
    rows.forEach((r) => r.classList.remove("selected"));
    i = Math.max(0, Math.min(rows.length - 1, (i < 0 ? 0 : i + step)));
    rows[i].classList.add("selected");
    rows[i].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("click", (ev) => {
    const row = ev.target.closest("#queue tbody tr");
    if (row && !ev.target.closest("a")) window.location = row.dataset.href;
  });

  // ---- document: field ⇄ box
  function highlight(name, scroll) {
    $$(".box.active, .field-row.active").forEach((el) => el.classList.remove("active"));
    if (!name) return;
    const row = $(`.field-row[data-field="${CSS.escape(name)}"]`);
    if (row) row.classList.add("active");
    const box = document.getElementById("box-" + name);
    if (box) {
      box.classList.add("active");
      if (scroll) {
        const fig = box.closest("figure");
        const rect = box.getBoundingClientRect();
        const pages = $(".pages");
        if (pages && fig) pages.scrollTo({ top: pages.scrollTop + rect.top - pages.getBoundingClientRect().top - 80, behavior: "auto" });
      }
    }
  }
  document.addEventListener("focusin", (ev) => {
    const row = ev.target.closest && ev.target.closest(".field-row");
    if (row) highlight(row.dataset.field, true);
  });
  document.addEventListener("click", (ev) => {
    const row = ev.target.closest(".field-row");
    if (row) { highlight(row.dataset.field, true); return; }
    const finding = ev.target.closest(".finding[data-field]");
    if (finding) {
      const input = document.getElementById("f-" + finding.dataset.field);
      if (input) input.focus();
      return;
    }
    const box = ev.target.closest(".box");
    if (box) { const input = document.getElementById("f-" + box.dataset.field); if (input) input.focus(); return; }
    const sheet = ev.target.closest(".sheet");
    if (sheet) sheet.closest("figure").classList.toggle("zoomed");
  });

  // ---- decisions carry the version last seen (field saves bump it)
  document.addEventListener("submit", (ev) => {
    const form = ev.target;
    if (!form.matches("[data-decision]")) return;
    const v = $("#version");
    const hidden = form.querySelector('input[name="version"]');
    if (v && hidden) hidden.value = v.value;
  });

  // ---- help
  function toggleHelp(force) {
    const h = $("#help");
    if (h) h.hidden = force === undefined ? !h.hidden : !force;
  }
  document.addEventListener("click", (ev) => { if (ev.target.closest("[data-help]")) toggleHelp(); });

  // ---- keys
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (ev.key === "Escape") { if (typing(t)) t.blur(); toggleHelp(false); return; }
    if (typing(t)) return;
    const page = document.body.dataset.page;
    const head = $(".doc-head");
    switch (ev.key) {
      case "?": toggleHelp(); break;
      case "q": window.location = "/queue"; break;
      case "j":
        if (page === "queue") moveSelection(1);
        else if (head && head.dataset.next) window.location = head.dataset.next;
        break;
      case "k":
        if (page === "queue") moveSelection(-1);
        else if (head && head.dataset.prev) window.location = head.dataset.prev;
        break;
      case "Enter": case "o": {
        const row = $("#queue tbody tr.selected");
        if (row) window.location = row.dataset.href;
        break;
      }
      case "a": { const f = $("#approve-form"); if (f) f.requestSubmit(); break; }
      case "r": { const s = $("#reject-reason"); if (s) { s.focus(); ev.preventDefault(); } break; }
      case "e": {
        const flagged = $(".field-row .state.error, .field-row .state.warning, .field-row .state.unsure");
        const input = flagged ? flagged.closest(".field-row").querySelector("input, select") : $(".field-row input, .field-row select");
        if (input) { input.focus(); ev.preventDefault(); }
        break;
      }
      case "z": { const fig = $("figure.page"); if (fig) fig.classList.toggle("zoomed"); break; }
      default: return;
    }
  });
})();
