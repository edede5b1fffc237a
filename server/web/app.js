// docverify's officers' page: send a document image (picked, dropped, photographed or one of the
// demo samples) to POST /v1/verify, show the report in plain words, and list the recent
// verifications from the audit log. Plain JavaScript with no dependencies and no build step. The
// page is served under a Content-Security-Policy that allows scripts, styles and images from this
// origin only: no inline code, no style attributes (the look is set by classes in style.css).
"use strict";

(() => {
  // The words shown for each verdict; the banner's colour comes from the verdict-* class.
  const VERDICTS = {
    genuine: { text: "Genuine", icon: "✓" },
    suspicious: { text: "Suspicious — look closer", icon: "!" },
    forged: { text: "Forged", icon: "✗" },
    unknown_document: { text: "Unknown document model", icon: "?" },
    unreadable: { text: "Unreadable — rescan", icon: "↻" },
  };

  // The checks' reason codes in plain words: the same words as detect.Reasons (a test in
  // server/e2e_test.go keeps the two lists equal).
  // BEGIN REASONS
  const REASONS = {
    ok: "as the genuine model",
    not_identified: "the document was not recognised as any specimen, so this check could not run",
    no_image: "the image this check needs (infrared or ultraviolet) was not given",
    no_region: "the specimen has no such region",
    not_registered: "the page could not be aligned with its specimen, so its printing was not compared with it region by region (retake the image: flat, sharp, the whole page)",
    no_mrz: "no machine readable zone was read",
    not_measured: "a measurement of this check could not be made on this image",
    mrz_unsure: "the machine readable zone was not read surely enough for this check to judge it (its print, or its fields)",
    glare: "a reflection on the laminate covers too much of the region to compare it (retake the image, tilted away from the light)",
    specimen_weak: "the document matches its specimen only weakly",
    specimen_colours: "the document's printing is in other colours than its specimen's",
    unknown_specimen: "no specimen in the library matches this document",
    mrz_unreadable: "the machine readable zone could not be read",
    mrz_low_confidence: "the machine readable zone was read with low confidence",
    check_digit: "a check digit of the machine readable zone is wrong",
    mrz_field: "a field of the machine readable zone breaks the rules (date, code)",
    mrz_specimen_mismatch: "the machine readable zone does not fit the specimen (document code, state, number format)",
    mrz_font: "the machine readable zone is not printed in OCR-B as ICAO requires",
    mrz_pitch: "the machine readable zone's character spacing is not ICAO's 2.54 mm",
    viz_mismatch: "a printed field differs from the machine readable zone",
    viz_unreadable: "the printed fields could not be read",
    ghost_mismatch: "the ghost image does not show the same person as the portrait",
    portrait_edges: "the portrait's edges or position are not as printed on genuine documents",
    pattern_mismatch: "the security background differs from the specimen",
    fine_detail_lost: "fine lines and microprint are blurred or lost, as in a copy",
    emblem_mismatch: "the national emblem is missing or differs from the specimen",
    ovd_missing: "the hologram is missing or flat",
    layout_shift: "printed fields or the portrait are not where the specimen puts them",
    halftone: "a printer's halftone pattern or colour shift shows",
    moire: "a screen's pixel grid or moiré shows: a photo of a screen",
    uv_bright_paper: "the paper glows under ultraviolet light (office paper)",
    uv_pattern_missing: "the ultraviolet pattern is missing",
    ir_mrz_missing: "the machine readable zone is not visible in infrared",
    ir_unexpected_ink: "print that infrared should not see is visible",
    expired: "the document has expired (not a sign of forgery)",
    near_threshold: "passed, but nearer its limit than genuine documents usually are: no check failed, and this with the others named raised the risk",
  };
  // END REASONS

  // The checks' names for people (every check of detect/suite; a test keeps this complete).
  // BEGIN CHECKS
  const CHECKS = {
    specimen_match: "Document model",
    mrz_read: "Reading the machine readable zone",
    mrz_checksums: "Check digits",
    mrz_fields: "Machine readable zone rules",
    mrz_print: "Machine readable zone print (font and spacing)",
    viz_mrz_match: "Printed data against the machine readable zone",
    portrait_ghost: "Ghost image against the portrait",
    portrait_integrity: "Portrait edges and position",
    security_pattern: "Security background and microprint",
    emblem: "National emblem",
    ovd: "Hologram",
    layout: "Layout",
    print_reproduction: "Print quality (copies)",
    screen_recapture: "Photo of a screen",
    uv: "Ultraviolet",
    ir: "Infrared",
  };
  // END CHECKS

  const FIELDS = {
    document_code: "Document code",
    issuing_state: "Issuing state",
    surname: "Surname",
    given_names: "Given names",
    names: "Names",
    document_number: "Document number",
    nationality: "Nationality",
    birth_date: "Date of birth",
    sex: "Sex",
    expiry_date: "Date of expiry",
    optional_data: "Personal number or optional data",
    optional_data_2: "Optional data (line 2)",
    composite: "Whole zone (composite)",
    mrz: "Machine readable zone",
  };

  const ATTACKS = {
    mrz_checksum: "MRZ edited, check digits wrong",
    mrz_recomputed: "MRZ edited, check digits recomputed",
    viz_altered: "Printed field altered",
    photo_substitution: "Photo substituted",
    counterfeit_print: "Counterfeit on an office printer",
    counterfeit_font: "Wrong font or spacing",
    feature_missing: "Security feature missing",
    layout_shift: "Fields moved",
    uv_ir_fail: "Fails under UV and IR light",
    screen_recapture: "Photo of a screen",
    fantasy: "Fantasy document",
  };

  const CAPTURES = { scan: "scanner", kiosk: "kiosk reader", phone: "phone photo" };
  const STATUSES = { fail: "Failed", not_done: "Not done", pass: "Passed" };
  const STATUS_ORDER = { fail: 0, not_done: 1, pass: 2 };
  const KEY_STORE = "docverify.apiKey";
  const ZOOMS = [100, 150, 200, 250, 300, 350, 400];

  const $ = (id) => document.getElementById(id);

  // el makes an element with properties (className, textContent, dataset entries as data-*,
  // anything else as an attribute) and children (nodes or strings).
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "className") node.className = v;
      else if (k === "textContent") node.textContent = v;
      else if (k === "dataset") Object.assign(node.dataset, v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) {
      if (c !== null && c !== undefined) node.append(c);
    }
    return node;
  }

  const sentence = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
  const reasonText = (code) => sentence(REASONS[code] || String(code || "").replace(/_/g, " "));
  const checkName = (name) => CHECKS[name] || sentence(String(name).replace(/_/g, " "));
  const fieldName = (name) => FIELDS[name] || sentence(String(name).replace(/_/g, " "));
  const percent = (v) => `${Math.round((Number(v) || 0) * 100)} %`;

  // specimenName turns "uto-passport-2019" into "Utopia passport (2019)".
  function specimenName(id) {
    if (!id) return "not recognised";
    const m = /^([a-z]{3})-([a-z_]+)-(\d{4})$/.exec(id);
    if (!m) return id;
    const state = m[1] === "uto" ? "Utopia" : m[1].toUpperCase();
    const kinds = { passport: "passport", idcard: "identity card", id_card: "identity card", visa: "visa", residence_permit: "residence permit" };
    return `${state} ${kinds[m[2]] || m[2].replace(/_/g, " ")} (${m[3]})`;
  }

  // A mark for a check digit or a comparison: ✓ or ✗ with words for screen readers.
  function mark(ok, words) {
    return el("span", { className: ok ? "mark mark-ok" : "mark mark-bad", title: words },
      el("span", { "aria-hidden": "true", textContent: ok ? "✓" : "✗" }),
      el("span", { className: "sr-only", textContent: words }));
  }

  // ---- API -------------------------------------------------------------------------------

  class APIError extends Error {
    constructor(status, message, requestID, retryAfter) {
      super(message);
      this.status = status;
      this.requestID = requestID || "";
      this.retryAfter = retryAfter || "";
    }
  }

  function storedKey() {
    try {
      return localStorage.getItem(KEY_STORE) || "";
    } catch {
      return "";
    }
  }

  function fallbackMessage(status) {
    switch (status) {
      case 400: return "The request was not understood.";
      case 401: return "This service needs an API key.";
      case 403: return "This API key is not allowed to do that.";
      case 404: return "Not found.";
      case 413: return "The file is too large.";
      case 415: return "The file is not a JPEG or PNG image.";
      case 422: return "The image cannot be checked (too large in pixels, or damaged).";
      case 429: return "The service is busy.";
      default:
        return status >= 500
          ? "The service had a problem. Try again; if it keeps failing, tell the administrator."
          : `The request failed (status ${status}).`;
    }
  }

  // api fetches a path relative to the page, with the API key if one is stored. It returns the
  // response when it is OK and throws an APIError with the service's message otherwise.
  async function api(path, options = {}) {
    const headers = new Headers(options.headers || {});
    const key = storedKey();
    if (key) headers.set("Authorization", `Bearer ${key}`);
    let res;
    try {
      res = await fetch(path, { ...options, headers, credentials: "same-origin" });
    } catch {
      throw new APIError(0, "The service could not be reached. Check the connection and try again.");
    }
    if (res.ok) return res;
    let body = null;
    try {
      body = await res.json();
    } catch {
      // not JSON: fall back to words for the status
    }
    const e = (body && body.error) || {};
    throw new APIError(res.status, e.message || fallbackMessage(res.status),
      e.request_id || res.headers.get("X-Request-ID"), res.headers.get("Retry-After"));
  }

  // ---- State: the chosen images ----------------------------------------------------------

  const chosen = { image: null, ir: null, uv: null, source: "" };
  let previewURL = "";
  let overlayURL = "";
  let busy = false;

  // setFile records a file for a slot and, where the browser allows it, shows it in the slot's
  // file input too (so the form always shows what will be sent).
  function setFile(slot, file, source) {
    chosen[slot] = file;
    if (slot === "image") {
      chosen.source = source || (file ? file.name : "");
      $("image-name").textContent = file ? chosen.source : "No image chosen";
      if (previewURL) URL.revokeObjectURL(previewURL);
      previewURL = "";
      const preview = $("preview");
      if (file && /^image\/(jpeg|png|gif|webp)$/.test(file.type)) {
        previewURL = URL.createObjectURL(file);
        preview.src = previewURL;
        preview.hidden = false;
      } else {
        preview.removeAttribute("src");
        preview.hidden = true;
      }
    }
    if ((slot === "ir" || slot === "uv") && file) {
      const input = $(slot);
      if (!input.files || input.files[0] !== file) {
        try {
          const dt = new DataTransfer();
          dt.items.add(file);
          input.files = dt.files;
        } catch {
          // older browsers cannot set a file input; the file is sent all the same
        }
      }
      $("extra").open = true;
    }
  }

  function clearAll() {
    for (const id of ["image", "camera", "ir", "uv"]) $(id).value = "";
    setFile("image", null);
    setFile("ir", null);
    setFile("uv", null);
    hideError();
  }

  // slotOf guesses, from a dropped file's name, whether it is the infrared or ultraviolet image
  // of a kiosk capture (e.g. "s000001.ir.jpg", "passport_uv.png").
  function slotOf(name) {
    const n = name.toLowerCase();
    if (/(^|[._ -])(ir|infrared)([._ -]|$)/.test(n)) return "ir";
    if (/(^|[._ -])(uv|ultraviolet)([._ -]|$)/.test(n)) return "uv";
    return "image";
  }

  // ---- Busy, errors and announcements -----------------------------------------------------

  let ticker = 0;

  function setBusy(on, text) {
    busy = on;
    document.body.classList.toggle("is-busy", on);
    $("result").setAttribute("aria-busy", on ? "true" : "false");
    for (const b of document.querySelectorAll("#verify-form button, #samples button")) b.disabled = on;
    const status = $("status");
    clearInterval(ticker);
    if (on) {
      hideError();
      const started = Date.now();
      $("status-text").textContent = text;
      $("status-time").textContent = "";
      ticker = setInterval(() => {
        $("status-time").textContent = `${Math.round((Date.now() - started) / 1000)} s`;
      }, 1000);
      status.hidden = false;
    } else {
      status.hidden = true;
    }
  }

  function showError(err) {
    const box = $("error");
    let text = err instanceof Error ? err.message : String(err);
    let ref = "";
    if (err instanceof APIError) {
      if (err.status === 401) {
        text += " Enter the key under “API key” at the top of the page, then try again.";
        $("key-panel").open = true;
        $("api-key").focus();
      } else if (err.status === 429 && /^\d+$/.test(err.retryAfter)) {
        text += ` Try again in ${err.retryAfter} s.`;
      }
      if (err.requestID) ref = `Reference for the administrator: ${err.requestID}`;
    }
    $("error-text").textContent = text;
    $("error-ref").textContent = ref;
    $("error-ref").hidden = !ref;
    box.hidden = false;
  }

  function hideError() {
    $("error").hidden = true;
    $("error-text").textContent = "";
  }

  function announce(text) {
    $("announce").textContent = text;
  }

  // ---- Verify ----------------------------------------------------------------------------

  async function verify() {
    if (busy) return;
    if (!chosen.image) {
      showError("Choose an image of the document first: drop it here, pick a file or take a photo.");
      return;
    }
    const form = new FormData();
    form.append("image", chosen.image, chosen.image.name || "image.jpg");
    if (chosen.ir) form.append("ir", chosen.ir, chosen.ir.name || "ir.jpg");
    if (chosen.uv) form.append("uv", chosen.uv, chosen.uv.name || "uv.jpg");
    setBusy(true, "Checking the document…");
    announce("Checking the document.");
    try {
      const res = await api("v1/verify?overlay=true", { method: "POST", body: form });
      const report = await res.json();
      render(report, chosen.source);
      loadHistory(report.id);
    } catch (err) {
      $("result").hidden = true;
      showError(err);
      announce("The check failed.");
    } finally {
      setBusy(false);
    }
  }

  // ---- The report ------------------------------------------------------------------------

  function render(r, source) {
    hideError();
    const v = VERDICTS[r.verdict] || { text: sentence(String(r.verdict).replace(/_/g, " ")), icon: "?" };
    const banner = $("verdict");
    banner.className = `verdict verdict-${r.verdict}`;
    banner.dataset.verdict = r.verdict;
    $("verdict-icon").textContent = v.icon;
    $("verdict-text").textContent = v.text;

    const sub = $("verdict-sub");
    sub.replaceChildren();
    const spec = r.specimen
      ? `Document model: ${specimenName(r.specimen.id)}, match ${percent(r.specimen.confidence)}`
      : "Document model: not recognised";
    sub.append(el("span", { textContent: spec }));
    if (r.document && r.document.document_number) {
      sub.append(el("span", { textContent: `Document number ${r.document.document_number}, issued by ${r.document.issuing_state || "?"}` }));
    }
    if (source) sub.append(el("span", { textContent: `Checked: ${source}` }));

    const risk = Math.max(0, Math.min(100, Math.round(Number(r.risk_score) || 0)));
    $("risk-meter").value = risk;
    $("risk-meter").textContent = `${risk} of 100`;
    $("risk-value").textContent = String(risk);

    renderReasons(r);
    renderOverlay(r.overlay_png);
    renderMRZ(r.mrz);
    renderFields(r.fields || []);
    renderChecks(r.checks || []);

    const e = r.engine || {};
    const total = r.timings_ms && r.timings_ms.total;
    $("engine").textContent = [
      r.id ? `Verification ${r.id}` : "",
      total ? `checked in ${(total / 1000).toFixed(1)} s` : "",
      e.version ? `engine ${e.version}, specimens ${e.specimens_version}, calibration ${e.calibration_version}` : "",
    ].filter(Boolean).join(" · ");

    $("result").hidden = false;
    banner.focus();
    announce(`Result: ${v.text}. Risk ${risk} out of 100.`);
  }

  function renderReasons(r) {
    const list = $("reasons");
    list.replaceChildren();
    const reasons = r.top_reasons || [];
    for (const t of reasons) {
      list.append(el("li", {},
        el("strong", { textContent: `${checkName(t.check)}: ` }),
        sentence(t.text || REASONS[t.reason] || t.reason)));
    }
    if (reasons.length === 0) {
      list.append(el("li", { textContent: r.verdict === "genuine" ? "No check found a problem." : "No single check stands out." }));
    }
  }

  function renderOverlay(b64) {
    const img = $("overlay");
    if (overlayURL) URL.revokeObjectURL(overlayURL);
    overlayURL = "";
    setZoom(100);
    if (!b64) {
      img.removeAttribute("src");
      $("overlay-frame").hidden = true;
      $("overlay-none").hidden = false;
      return;
    }
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    overlayURL = URL.createObjectURL(new Blob([bytes], { type: "image/png" }));
    img.src = overlayURL;
    $("overlay-frame").hidden = false;
    $("overlay-none").hidden = true;
  }

  function setZoom(z) {
    const zoom = ZOOMS.includes(z) ? z : 100;
    const img = $("overlay");
    for (const c of [...img.classList]) if (c.startsWith("zoom-")) img.classList.remove(c);
    img.classList.add(`zoom-${zoom}`);
    img.classList.remove("actual");
    const slider = $("zoom");
    slider.value = String(zoom);
    slider.setAttribute("aria-valuetext", zoom === 100 ? "fit to width" : `${zoom} %`);
    $("zoom-toggle").setAttribute("aria-pressed", "false");
    $("overlay-frame").classList.toggle("zoomed", zoom !== 100);
  }

  // toggleActual switches the overlay between fitting the frame and its actual pixel size.
  function toggleActual() {
    const img = $("overlay");
    const on = !img.classList.contains("actual");
    setZoom(100);
    img.classList.toggle("actual", on);
    $("overlay-frame").classList.toggle("zoomed", on);
    $("zoom-toggle").setAttribute("aria-pressed", on ? "true" : "false");
    $("zoom").setAttribute("aria-valuetext", on ? "actual size" : "fit to width");
  }

  const MRZ_ORDER = ["document_code", "issuing_state", "surname", "given_names", "document_number", "nationality",
    "birth_date", "sex", "expiry_date", "optional_data", "optional_data_2"];

  function renderMRZ(m) {
    const lines = (m && m.lines) || [];
    const body = $("mrz-fields");
    const notes = $("mrz-notes");
    body.replaceChildren();
    notes.replaceChildren();
    $("mrz-lines").textContent = lines.join("\n");
    $("mrz-lines").hidden = lines.length === 0;
    $("mrz-table").hidden = lines.length === 0;
    if (!m || lines.length === 0) {
      $("mrz-summary").textContent = "No machine readable zone was read.";
    } else {
      const checks = m.checks || [];
      const bad = checks.filter((c) => !c.valid).length;
      $("mrz-summary").textContent = [
        `Format ${m.format || "unknown"}`,
        checks.length ? (bad ? `${bad} of ${checks.length} check digits wrong` : `all ${checks.length} check digits correct`) : "",
        m.valid ? "every rule holds" : "",
        m.confidence ? `read with ${percent(m.confidence)} confidence` : "",
      ].filter(Boolean).join(" · ");

      const byField = {};
      for (const c of checks) byField[c.field] = c;
      const fields = m.fields || {};
      const names = MRZ_ORDER.filter((n) => fields[n] || byField[n]);
      for (const n of Object.keys(byField)) if (!names.includes(n) && n !== "composite") names.push(n);
      if (byField.composite) names.push("composite");
      for (const n of names) {
        const c = byField[n];
        const value = n === "composite" ? "" : fields[n] || "";
        const shown = value || n === "composite"
          ? value
          : el("span", { className: "muted", textContent: /_date$/.test(n) ? "(not a date)" : "(empty)" });
        let digit;
        if (!c) {
          digit = el("span", { className: "muted", textContent: "—" }, el("span", { className: "sr-only", textContent: " no check digit" }));
        } else if (c.valid) {
          digit = el("span", { className: "digit" }, mark(true, "correct"), ` ${c.found}`);
        } else {
          digit = el("span", { className: "digit" }, mark(false, "wrong"), ` ${c.found || "?"}`,
            el("span", { className: "should", textContent: ` (should be ${c.expected})` }));
        }
        body.append(el("tr", { className: c && !c.valid ? "row-bad" : "", dataset: { field: n } },
          el("th", { scope: "row", textContent: fieldName(n) }),
          el("td", { className: "value" }, shown),
          el("td", {}, digit)));
      }
    }
    for (const e of (m && m.errors) || []) {
      notes.append(el("li", { className: "note-bad", textContent: `${fieldName(e.field)}: ${e.message}` }));
    }
    for (const w of (m && m.warnings) || []) {
      notes.append(el("li", { className: "note-warn", textContent: `${fieldName(w.field)}: ${w.message}` }));
    }
    for (const c of (m && m.corrections) || []) {
      const what = !c.from ? `“${c.to}” inserted` : !c.to ? `“${c.from}” removed` : `“${c.from}” read as “${c.to}”`;
      notes.append(el("li", { className: "note-info", textContent: `Corrected line ${c.line}, position ${c.position}: ${what}` }));
    }
  }

  function renderFields(fields) {
    const body = $("fields");
    body.replaceChildren();
    $("fields-none").hidden = fields.length > 0;
    $("fields-table").hidden = fields.length === 0;
    for (const f of fields) {
      body.append(el("tr", { className: f.match ? "" : "row-bad", dataset: { field: f.name } },
        el("th", { scope: "row", textContent: fieldName(f.name) }),
        el("td", { className: "value" }, f.viz ? f.viz : el("span", { className: "muted", textContent: "(not read)" })),
        el("td", { className: "value", textContent: f.mrz || "" }),
        el("td", { className: "same" }, mark(f.match, f.match ? "same" : "different"),
          el("span", { className: "same-word", "aria-hidden": "true", textContent: f.match ? " Same" : " Differs" }))));
    }
  }

  function renderChecks(checks) {
    const list = $("checks");
    list.replaceChildren();
    const sorted = [...checks].sort((a, b) =>
      (STATUS_ORDER[a.status] ?? 3) - (STATUS_ORDER[b.status] ?? 3) || (b.score || 0) - (a.score || 0));
    const count = { fail: 0, not_done: 0, pass: 0 };
    for (const c of sorted) {
      count[c.status] = (count[c.status] || 0) + 1;
      const li = el("li", { className: `check check-${c.status}`, dataset: { check: c.name, status: c.status } },
        el("span", { className: `badge badge-${c.status}`, textContent: STATUSES[c.status] || c.status }),
        el("div", { className: "check-body" },
          el("strong", { className: "check-name", textContent: checkName(c.name) }),
          el("span", { className: "check-reason", textContent: reasonText(c.reason) })));
      const ev = evidence(c);
      if (ev) li.lastChild.append(ev);
      list.append(li);
    }
    $("checks-summary").textContent =
      `${count.fail} failed, ${count.not_done} not done, ${count.pass} passed. Failed checks come first.`;
  }

  // evidence shows a check's measurements against their thresholds, folded away.
  function evidence(c) {
    const ev = c.evidence || {};
    const measures = ev.measures || {};
    const thresholds = ev.thresholds || {};
    const keys = Object.keys(measures);
    if (keys.length === 0) return null;
    const d = el("details", { className: "evidence" }, el("summary", { textContent: "Measurements" }));
    const dl = el("dl");
    for (const k of keys) {
      const name = k.includes(".") ? k.slice(k.indexOf(".") + 1).replace(/_/g, " ") : k;
      dl.append(el("dt", { textContent: name }),
        el("dd", { textContent: thresholds[k] !== undefined ? `${measures[k]} (threshold ${thresholds[k]})` : String(measures[k]) }));
    }
    d.append(dl);
    d.append(el("p", { className: "hint", textContent: `Score ${(Number(c.score) || 0).toFixed(2)} (0 as genuine, 1 as forged)` }));
    return d;
  }

  // ---- Recent verifications --------------------------------------------------------------

  async function loadHistory(highlight) {
    const body = $("history");
    const msg = $("history-message");
    let list;
    try {
      const res = await api("v1/verifications?limit=20");
      list = (await res.json()).verifications || [];
    } catch (err) {
      body.replaceChildren();
      msg.textContent = err.status === 401
        ? "Enter an API key (at the top of the page) to see the recent verifications."
        : err.status === 403 ? "This API key may not read the audit log." : err.message;
      msg.hidden = false;
      $("history-table").hidden = true;
      return;
    }
    body.replaceChildren();
    $("history-table").hidden = list.length === 0;
    msg.hidden = list.length > 0;
    msg.textContent = list.length ? "" : "No verifications yet.";
    for (const v of list) {
      const failed = Object.entries(v.checks || {}).filter(([, s]) => s === "fail").map(([n]) => checkName(n));
      const when = new Date(v.time);
      const verdict = VERDICTS[v.verdict] ? VERDICTS[v.verdict].text : v.verdict;
      body.append(el("tr", { className: v.id === highlight ? "row-new" : "", dataset: { id: v.id, verdict: v.verdict } },
        el("td", {}, el("time", { datetime: v.time, textContent: isNaN(when) ? v.time : when.toLocaleString() })),
        el("td", {}, el("span", { className: `pill pill-${v.verdict}`, textContent: verdict })),
        el("td", { className: "num", textContent: String(v.risk_score) }),
        el("td", { textContent: v.specimen ? specimenName(v.specimen) : "—" }),
        el("td", { textContent: failed.length ? failed.join(", ") : "none" })));
    }
  }

  // ---- Demo samples ----------------------------------------------------------------------

  async function loadSamples() {
    let samples;
    try {
      const res = await api("v1/demo");
      samples = (await res.json()).samples || [];
    } catch {
      return; // no demo set: the section stays hidden
    }
    if (samples.length === 0) return;
    const box = $("samples");
    box.replaceChildren();
    for (const label of ["genuine", "forged"]) {
      const group = samples.filter((s) => s.label === label);
      if (group.length === 0) continue;
      const ul = el("ul", { className: "sample-list" });
      for (const s of group) {
        const title = label === "genuine" ? sentence(specimenName(s.specimen)) : ATTACKS[s.attack] || sentence(String(s.attack).replace(/_/g, " "));
        const detail = [label === "forged" ? specimenName(s.specimen) : "", CAPTURES[s.capture] || s.capture,
          s.ir || s.uv ? "with IR and UV" : ""].filter(Boolean).join(" · ");
        const b = el("button", { type: "button", className: `sample sample-${label}`, dataset: { sample: s.id, label } },
          el("span", { className: "sample-title", textContent: title }),
          el("span", { className: "sample-detail", textContent: detail }));
        b.addEventListener("click", () => trySample(s, `sample ${s.id} (${label}: ${title})`));
        ul.append(el("li", {}, b));
      }
      box.append(el("div", { className: "sample-group" },
        el("h4", { textContent: label === "genuine" ? "Genuine" : "Forged" }), ul));
    }
    $("samples-box").hidden = false;
  }

  async function fetchFile(url, name) {
    const res = await api(url);
    const blob = await res.blob();
    return new File([blob], name, { type: blob.type || "image/jpeg" });
  }

  async function trySample(s, source) {
    if (busy) return;
    setBusy(true, "Fetching the sample…");
    let image, ir = null, uv = null;
    try {
      image = await fetchFile(s.image, `${s.id}.jpg`);
      if (s.ir) ir = await fetchFile(s.ir, `${s.id}.ir.jpg`);
      if (s.uv) uv = await fetchFile(s.uv, `${s.id}.uv.jpg`);
    } catch (err) {
      setBusy(false);
      showError(err);
      return;
    }
    setBusy(false);
    clearAll();
    setFile("image", image, source);
    setFile("ir", ir);
    setFile("uv", uv);
    await verify();
  }

  // ---- API key ---------------------------------------------------------------------------

  function showKeyState() {
    const has = storedKey() !== "";
    $("key-state").textContent = has ? "set" : "not set";
    $("key-state").classList.toggle("is-set", has);
  }

  // ---- Wiring ----------------------------------------------------------------------------

  function init() {
    $("choose").addEventListener("click", () => $("image").click());
    $("take").addEventListener("click", () => $("camera").click());
    for (const id of ["image", "camera"]) {
      $(id).addEventListener("change", (e) => {
        const f = e.target.files && e.target.files[0];
        if (f) setFile("image", f);
      });
    }
    for (const id of ["ir", "uv"]) {
      $(id).addEventListener("change", (e) => setFile(id, (e.target.files && e.target.files[0]) || null));
    }
    $("verify-form").addEventListener("submit", (e) => {
      e.preventDefault();
      verify();
    });
    $("clear").addEventListener("click", () => {
      clearAll();
      $("extra").open = false;
    });

    const drop = $("drop");
    // Dropping a file anywhere else must not open it in place of the page.
    for (const type of ["dragover", "drop"]) document.addEventListener(type, (e) => e.preventDefault());
    drop.addEventListener("dragover", (e) => {
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
      drop.classList.add("dragging");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("dragging");
      const files = [...(e.dataTransfer.files || [])];
      if (files.length === 0) return;
      let main = null;
      for (const f of files) {
        const slot = files.length === 1 ? "image" : slotOf(f.name);
        if (slot === "image") {
          if (!main) main = f;
        } else setFile(slot, f);
      }
      if (main) setFile("image", main);
      hideError();
    });

    $("zoom").addEventListener("input", (e) => setZoom(Number(e.target.value)));
    $("zoom-toggle").addEventListener("click", toggleActual);
    $("overlay").addEventListener("click", toggleActual);

    $("api-key").value = storedKey();
    showKeyState();
    $("key-form").addEventListener("submit", (e) => {
      e.preventDefault();
      try {
        localStorage.setItem(KEY_STORE, $("api-key").value.trim());
      } catch {
        showError("This browser does not keep the key (storage is blocked).");
      }
      showKeyState();
      $("key-panel").open = false;
      hideError();
      loadHistory();
      loadSamples();
    });
    $("key-forget").addEventListener("click", () => {
      try {
        localStorage.removeItem(KEY_STORE);
      } catch {
        // nothing kept
      }
      $("api-key").value = "";
      showKeyState();
      loadHistory();
    });
    $("history-refresh").addEventListener("click", () => loadHistory());

    // The samples are open on a wide screen; on a phone the list would push the result a
    // screen down, so there they start closed. Once the officer opens or closes the list, the
    // page leaves it so.
    const wide = window.matchMedia("(min-width: 60rem)");
    const panel = $("samples-box");
    let toggled = false;
    panel.open = wide.matches;
    panel.querySelector("summary").addEventListener("click", () => { toggled = true; });
    wide.addEventListener("change", (e) => {
      if (!toggled) panel.open = e.matches;
    });

    loadSamples();
    loadHistory();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
