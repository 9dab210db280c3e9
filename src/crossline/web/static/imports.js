/* Import page: upload a file, then follow every unfinished job until it ends. */
(function () {
  "use strict";
  var C = window.Crossline;
  var form = document.getElementById("upload-form");
  var table = document.getElementById("jobs-table");
  var live = document.getElementById("jobs-live");
  var timer = null;

  function fmt(n) { return n === null || n === undefined ? "" : Number(n).toLocaleString("en-US"); }
  function cell(text, cls) {
    var td = document.createElement("td");
    if (cls) { td.className = cls; }
    td.textContent = text;
    return td;
  }

  function row(job) {
    var tr = document.createElement("tr");
    tr.setAttribute("data-job", job.id);
    tr.setAttribute("data-status", job.status);
    var s = job.summary || {};
    tr.appendChild(cell(job.filename || ("API: " + job.format), "mono ellipsis"));
    tr.appendChild(cell(job.actor, "small"));
    var st = document.createElement("td");
    var badge = document.createElement("span");
    badge.className = "status status-" + job.status;
    badge.textContent = job.status;
    st.appendChild(badge);
    if (job.error) {
      var err = document.createElement("span");
      err.className = "small err";
      err.title = job.error.message;
      err.textContent = " " + job.error.code + ": " + job.error.message;
      st.appendChild(err);
    }
    tr.appendChild(st);
    var pc = document.createElement("td");
    var bar = document.createElement("progress");
    bar.max = 1;
    bar.value = job.status === "done" ? 1 : (job.progress || 0);
    pc.appendChild(bar);
    tr.appendChild(pc);
    tr.appendChild(cell(fmt(job.rows_read), "num"));
    tr.appendChild(cell(job.summary ? fmt(s.stored) : "", "num"));
    tr.appendChild(cell(job.summary ? fmt(s.duplicates) : "", "num"));
    var q = cell("", "num");
    if (job.summary && s.quarantined) {
      var a = document.createElement("a");
      a.href = "/quarantine?import_id=" + encodeURIComponent(job.import_id);
      a.textContent = fmt(s.quarantined);
      q.appendChild(a);
    } else if (job.summary) { q.textContent = "0"; }
    tr.appendChild(q);
    tr.appendChild(cell((job.created_at || "").slice(0, 16).replace("T", " "), "nowrap small"));
    return tr;
  }

  function refresh() {
    C.api("/api/v1/imports?limit=30").then(function (jobs) {
      var body = table.querySelector("tbody");
      body.textContent = "";
      jobs.forEach(function (job) { body.appendChild(row(job)); });
      var active = jobs.filter(function (j) { return j.status === "queued" || j.status === "running"; });
      live.textContent = active.length ? "updating live · " + active.length + " running" : "";
      schedule(active.length > 0);
    }).catch(function (err) {
      live.textContent = "could not refresh: " + err.message;
      schedule(false);
    });
  }

  function schedule(again) {
    if (timer) { clearTimeout(timer); timer = null; }
    if (again) { timer = setTimeout(refresh, 700); }
  }

  if (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var msg = document.getElementById("upload-message");
      var button = document.getElementById("upload-button");
      var data = new FormData(form);
      ["format", "jurisdiction", "source"].forEach(function (k) { if (!data.get(k)) { data.delete(k); } });
      button.disabled = true;
      msg.className = "small";
      msg.textContent = "Uploading…";
      C.api("/api/v1/imports", { method: "POST", body: data }).then(function (job) {
        msg.textContent = "Queued " + job.filename + " as " + job.format + " (about " + fmt(job.rows_estimate) + " rows).";
        form.reset();
        refresh();
      }).catch(function (err) {
        msg.className = "small err";
        msg.textContent = "Not imported: " + err.message;
      }).then(function () { button.disabled = false; });
    });
  }
  var pending = table && table.querySelector('tr[data-status="queued"], tr[data-status="running"]');
  if (pending) { refresh(); }
})();
