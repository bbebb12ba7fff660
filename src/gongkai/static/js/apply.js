/* The application form, improved when scripts run (the form works without them):
   - the organisation-only fields are hidden while 自然人 is chosen;
   - while the description is typed, published records that match are listed (deflection);
   - after a failed submission the error summary takes the focus. */
(function () {
  "use strict";
  var form = document.querySelector(".apply-form");
  if (!form) { return; }

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  function kind() {
    var checked = form.querySelector('input[name="applicant_kind"]:checked');
    return checked ? checked.value : "";
  }
  function toggleOrganisation() {
    var hide = kind() === "natural_person";
    form.querySelectorAll("[data-org-only]").forEach(function (el) {
      el.classList.toggle("is-hidden", hide);
    });
  }
  form.querySelectorAll('input[name="applicant_kind"]').forEach(function (el) {
    el.addEventListener("change", toggleOrganisation);
  });
  toggleOrganisation();

  var description = form.querySelector('textarea[name="description"]');
  var box = document.getElementById("suggestions");
  var url = form.getAttribute("data-suggest-url");
  if (!description || !box || !url) { return; }
  var list = box.querySelector(".suggestion-list");
  var count = box.querySelector(".suggestions-count");
  var timer = null;
  var last = "";

  function show(data) {
    list.textContent = "";
    if (!data.results || data.results.length === 0) {
      box.hidden = true;
      return;
    }
    count.textContent = "找到 " + data.count + " 条已公开的相关信息，您要的信息可能就在其中：";
    data.results.forEach(function (record) {
      var li = document.createElement("li");
      var title;
      if (record.url) {
        title = document.createElement("a");
        title.href = record.url;
        title.target = "_blank";
        title.rel = "noopener";
      } else {
        title = document.createElement("span");
      }
      title.textContent = record.title;
      li.appendChild(title);
      var meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = " " + [record.agency, record.document_no, record.published_on]
        .filter(function (x) { return x; }).join(" · ");
      li.appendChild(meta);
      list.appendChild(li);
    });
    box.hidden = false;
  }

  function lookUp() {
    var q = description.value.trim();
    if (q.length < 2 || q === last) { return; }
    last = q;
    fetch(url + "?q=" + encodeURIComponent(q.slice(0, 200)), {
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data && description.value.trim() === q) { show(data); }
    }).catch(function () { /* no suggestions: the form still works */ });
  }

  description.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, 400);
  });
})();
