/* stiplan site: the task filters. The full table is in the page; this only hides rows.
   No network, no inline code (the page's CSP allows scripts from the site only). */
(function () {
  "use strict";
  var form = document.getElementById("task-filters");
  var table = document.getElementById("task-table");
  var count = document.getElementById("task-count");
  if (!form || !table || !count) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var attrs = { plan: "data-plan", agency: "data-agency", state: "data-state" };

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var keep = selects.every(function (s) {
        if (!s.value) { return true; }
        var have = (row.getAttribute(attrs[s.getAttribute("data-key")]) || "").split(" ");
        return have.indexOf(s.value) !== -1;
      });
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = count.getAttribute("data-template")
      .replace("{k}", String(shown)).replace("{n}", String(rows.length));
  }

  selects.forEach(function (s) { s.addEventListener("change", apply); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  var note = document.getElementById("no-js-note");
  if (note) { note.hidden = true; }
  apply();
}());
