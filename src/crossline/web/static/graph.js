/* Campaign link graph (Cytoscape.js, vendored): reports, the values they share, and the
   other campaigns a value leads to. Reports are coloured by jurisdiction, values by kind;
   common values are grey and dashed (shown, but they never link).

   Selecting a value expands it in place (its reports the graph does not show yet, and its
   other campaigns). Every node has a label. The graph is usable from the keyboard: each
   node is a button in the list beside it (Tab to reach it, Enter to select / expand), and
   the focused node is ringed on the canvas. Zoom, fit, and export as PNG or SVG. */
(function () {
  "use strict";
  var C = window.Crossline;
  var box = document.getElementById("graph");
  if (!box || typeof cytoscape === "undefined") { return; }
  var info = document.getElementById("graph-info");
  var status = document.getElementById("graph-status");
  var legend = document.getElementById("graph-legend");
  var list = document.getElementById("graph-nodes");
  var campaignId = box.getAttribute("data-campaign");
  var tz = document.body.getAttribute("data-tz") || "UTC";
  var expanded = {};
  var CAMPAIGN_COLOR = "#334155";

  var KIND_NAMES = {
    phone: "Phone", upi: "UPI handle", bank_account: "Bank account", ifsc: "IFSC", iban: "IBAN",
    email: "Email", domain: "Domain", url: "URL", btc: "Bitcoin", eth: "Ethereum", wallet: "Wallet",
    card: "Card", script: "Script"
  };

  function short(text, n) { text = text || ""; return text.length > n ? text.slice(0, n - 1) + "…" : text; }

  function localDay(iso) {
    if (!iso) { return "no date"; }
    try {
      return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" })
        .format(new Date(iso)) + " (" + tz + ")";
    } catch (e) { return iso.slice(0, 10); }
  }

  function nodeText(d) {
    if (d.type === "report") { return "Report " + d.label; }
    if (d.type === "campaign") { return "Campaign " + d.label + " (" + d.reports_with_value + " reports with this value)"; }
    return (KIND_NAMES[d.kind] || d.kind) + " " + (d.name ? d.name + " " : "") + d.label + (d.common ? " (common)" : "");
  }

  function toElements(graph) {
    var out = [];
    graph.nodes.forEach(function (n) {
      var data = Object.assign({}, n);
      if (n.type === "report") {
        data.color = C.jurColor(n.jurisdiction);
        data.size = 20;
        data.short = short(n.label, 18);
      } else if (n.type === "campaign") {
        data.color = CAMPAIGN_COLOR;
        data.size = Math.min(48, 22 + 4 * Math.log2(1 + (n.report_count || 1)));
        data.short = short(n.label, 28);
      } else {
        data.color = n.common ? "#cbd5e1" : C.kindColor(n.kind);
        data.size = Math.min(46, 16 + 6 * Math.log2(1 + (n.report_count || 1)));
        data.name = n.meta && n.meta.name ? n.meta.name : "";
        data.short = short(data.name || n.label, 24);
      }
      data.outside = n.campaign_id && n.campaign_id !== campaignId ? "yes" : "no";
      out.push({ group: "nodes", data: data, classes: n.type + (n.common ? " common" : "") });
    });
    graph.edges.forEach(function (e) {
      out.push({ group: "edges", data: { id: e.source + ">" + e.target, source: e.source, target: e.target, field: e.field } });
    });
    return out;
  }

  var cy = cytoscape({
    container: box,
    minZoom: 0.1,
    maxZoom: 4,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
        "background-color": "data(color)", "width": "data(size)", "height": "data(size)",
        "border-width": 1, "border-color": "#ffffff",
        "label": "data(short)", "font-size": 12, "color": "#0f172a", "min-zoomed-font-size": 6,
        "text-valign": "bottom", "text-margin-y": 3, "text-background-color": "#ffffff",
        "text-background-opacity": 0.85, "text-background-padding": 2 } },
      { selector: "node.report", style: { "shape": "round-rectangle", "font-size": 11 } },
      { selector: "node.campaign", style: { "shape": "hexagon", "font-weight": "bold" } },
      { selector: "node.common", style: { "border-style": "dashed", "border-color": "#64748b", "border-width": 2 } },
      { selector: "node[outside = 'yes']", style: { "opacity": 0.7 } },
      { selector: "edge", style: { "width": 1, "line-color": "#94a3b8", "curve-style": "haystack" } },
      { selector: "edge[field = 'campaign']", style: { "line-style": "dashed", "width": 2, "line-color": CAMPAIGN_COLOR } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#0f172a" } },
      { selector: "node.focused", style: { "border-width": 4, "border-color": "#b45309", "border-style": "solid",
        "underlay-color": "#fbbf24", "underlay-opacity": 0.45, "underlay-padding": 6 } }
    ],
    elements: []
  });

  // Reachable from the console (and from browser tests) for inspection.
  window.CrosslineGraph = cy;

  function layout() {
    cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: 9000,
                idealEdgeLength: 70, numIter: 1500, fit: true, padding: 24 }).run();
  }

  function add(graph) {
    var fresh = toElements(graph).filter(function (el) { return cy.getElementById(el.data.id).empty(); });
    cy.add(fresh);
    return fresh;
  }

  function drawLegend() {
    var kinds = {}, jurs = {}, common = false, campaigns = false;
    cy.nodes().forEach(function (n) {
      var t = n.data("type");
      if (t === "report") { jurs[n.data("jurisdiction")] = 1; }
      else if (t === "campaign") { campaigns = true; }
      else if (n.data("common")) { common = true; }
      else { kinds[n.data("kind")] = 1; }
    });
    legend.textContent = "";
    function item(color, text, shape) {
      var row = document.createElement("div");
      row.className = "legend-item";
      var sw = document.createElement("span");
      sw.className = "swatch " + shape;
      sw.setAttribute("data-color", color);
      sw.style.backgroundColor = color;
      row.appendChild(sw);
      row.appendChild(document.createTextNode(text));
      legend.appendChild(row);
    }
    Object.keys(jurs).sort().forEach(function (j) { item(C.jurColor(j), "Report · " + j, "square"); });
    Object.keys(kinds).sort().forEach(function (k) { item(C.kindColor(k), KIND_NAMES[k] || k, "dot"); });
    if (common) { item("#cbd5e1", "Common value (does not link)", "dot dashed"); }
    if (campaigns) { item(CAMPAIGN_COLOR, "Other campaign", "square"); }
  }

  function showNode(node) {
    var d = node.data();
    info.textContent = "";
    var title = document.createElement("div");
    title.className = "info-title";
    var lines = [];
    var a = document.createElement("a");
    if (d.type === "report") {
      title.textContent = "Report " + d.label;
      lines.push(["Seen", localDay(d.seen_at)]);
      lines.push(["Channel", d.channel || "—"]);
      if (d.amount_lost) { lines.push(["Loss", d.currency + " " + Number(d.amount_lost).toLocaleString("en-US")]); }
      a.href = "/reports/" + encodeURIComponent(d.id);
      a.textContent = "Open report →";
    } else if (d.type === "campaign") {
      title.textContent = "Campaign " + d.label;
      lines.push(["Reports", String(d.report_count)]);
      lines.push(["With this value", String(d.reports_with_value)]);
      if (d.scam_type) { lines.push(["Scam type", d.scam_type.replace(/_/g, " ")]); }
      a.href = "/campaigns/" + encodeURIComponent(d.campaign_id);
      a.textContent = "Open campaign →";
    } else {
      title.textContent = (KIND_NAMES[d.kind] || d.kind) + " " + (d.name ? d.name + " · " : "") + d.label;
      lines.push(["Reports (node-wide)", String(d.report_count)]);
      if (d.common) { lines.push(["Common", d.common_reason || "yes"]); }
      if (d.outside === "yes") { lines.push(["Campaign", "another campaign"]); }
      a.href = "/search?q=" + encodeURIComponent(d.label);
      a.textContent = "Look up this value →";
    }
    info.appendChild(title);
    lines.forEach(function (l) {
      var p = document.createElement("div");
      p.textContent = l[0] + ": " + l[1];
      info.appendChild(p);
    });
    info.appendChild(a);
  }

  function describe(fresh, already) {
    var r = 0, c = 0, v = 0;
    fresh.forEach(function (el) {
      if (el.group !== "nodes") { return; }
      if (el.data.type === "report") { r += 1; } else if (el.data.type === "campaign") { c += 1; } else { v += 1; }
    });
    if (!r && !c && !v) {
      return already ? "All " + already + " report" + (already === 1 ? "" : "s") +
        " with this value are already in the graph, and it leads to no other campaign." :
        "This value leads to no report or campaign outside the graph.";
    }
    var parts = [];
    if (c) { parts.push(c + " other campaign" + (c === 1 ? "" : "s")); }
    if (r) { parts.push(r + " report" + (r === 1 ? "" : "s")); }
    if (v) { parts.push(v + " value" + (v === 1 ? "" : "s")); }
    return "Added " + parts.join(", ") + (already ? " (" + already + " already shown)." : ".");
  }

  function expand(node) {
    var id = node.id();
    if (node.data("type") !== "indicator" || expanded[id]) { return; }
    expanded[id] = true;
    status.textContent = "Expanding…";
    var url = "/api/v1/indicators/" + encodeURIComponent(id) + "/graph?max_reports=60&campaign_id=" +
      encodeURIComponent(campaignId);
    C.api(url).then(function (g) {
      var fresh = add(g);
      status.textContent = describe(fresh, g.already_shown || 0);
      if (fresh.length) { layout(); drawLegend(); syncList(); }
      box.setAttribute("data-nodes", String(cy.nodes().length));
    }).catch(function (err) { status.textContent = "Could not expand: " + err.message; });
  }

  // -- keyboard: one button per node, in the list beside the canvas --------------------------
  function focusNode(node) {
    cy.nodes(".focused").removeClass("focused");
    node.addClass("focused");
    showNode(node);
    var pos = node.renderedPosition(), w = box.clientWidth, h = box.clientHeight;
    if (pos.x < 0 || pos.y < 0 || pos.x > w || pos.y > h) { cy.center(node); }
  }

  function syncList() {
    if (!list) { return; }
    var have = {};
    Array.prototype.forEach.call(list.querySelectorAll("button"), function (b) { have[b.getAttribute("data-node")] = 1; });
    cy.nodes().forEach(function (n) {
      if (have[n.id()]) { return; }
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "node-button";
      b.setAttribute("data-node", n.id());
      b.textContent = nodeText(n.data());
      b.addEventListener("focus", function () { focusNode(n); });
      b.addEventListener("blur", function () { n.removeClass("focused"); });
      b.addEventListener("click", function () { cy.$(":selected").unselect(); n.select(); showNode(n); expand(n); });
      li.appendChild(b);
      list.appendChild(li);
    });
    var count = document.getElementById("graph-nodes-count");
    if (count) { count.textContent = String(cy.nodes().length); }
  }

  // -- zoom, fit, export ----------------------------------------------------------------------
  function zoomBy(factor) {
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 } });
  }

  function download(name, href) {
    var a = document.createElement("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // An SVG drawn from the model positions (Cytoscape has no SVG renderer of its own).
  function toSvg() {
    var bb = cy.elements().boundingBox({ includeLabels: true }), pad = 20;
    var w = Math.ceil(bb.w + 2 * pad), h = Math.ceil(bb.h + 2 * pad);
    var dx = pad - bb.x1, dy = pad - bb.y1;
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + w + '" height="' + h +
      '" viewBox="0 0 ' + w + " " + h + '" font-family="sans-serif">',
      '<rect width="100%" height="100%" fill="#ffffff"/>'];
    cy.edges().forEach(function (e) {
      var s = e.source().position(), t = e.target().position();
      out.push('<line x1="' + (s.x + dx).toFixed(1) + '" y1="' + (s.y + dy).toFixed(1) + '" x2="' +
        (t.x + dx).toFixed(1) + '" y2="' + (t.y + dy).toFixed(1) + '" stroke="#94a3b8" stroke-width="1"/>');
    });
    cy.nodes().forEach(function (n) {
      var p = n.position(), d = n.data(), r = d.size / 2, x = p.x + dx, y = p.y + dy;
      var shape = d.type === "indicator" ?
        '<circle cx="' + x.toFixed(1) + '" cy="' + y.toFixed(1) + '" r="' + r.toFixed(1) + '"' :
        '<rect x="' + (x - r).toFixed(1) + '" y="' + (y - r).toFixed(1) + '" width="' + d.size.toFixed(1) +
        '" height="' + d.size.toFixed(1) + '" rx="4"';
      out.push(shape + ' fill="' + esc(d.color) + '" stroke="#ffffff"><title>' + esc(nodeText(d)) + "</title>" +
        (d.type === "indicator" ? "</circle>" : "</rect>"));
      out.push('<text x="' + x.toFixed(1) + '" y="' + (y + r + 13).toFixed(1) +
        '" font-size="12" text-anchor="middle" fill="#0f172a">' + esc(d.short) + "</text>");
    });
    out.push("</svg>");
    return out.join("");
  }

  function wire(id, handler) {
    var el = document.getElementById(id);
    if (el) { el.addEventListener("click", handler); }
  }
  wire("graph-zoom-in", function () { zoomBy(1.25); });
  wire("graph-zoom-out", function () { zoomBy(0.8); });
  wire("graph-fit", function () { cy.fit(undefined, 24); });
  wire("graph-png", function () {
    download("campaign-" + campaignId.slice(0, 8) + ".png", cy.png({ full: true, scale: 2, bg: "#ffffff" }));
  });
  wire("graph-svg", function () {
    var url = URL.createObjectURL(new Blob([toSvg()], { type: "image/svg+xml" }));
    download("campaign-" + campaignId.slice(0, 8) + ".svg", url);
    setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
  });
  window.CrosslineGraphSvg = toSvg;

  cy.on("tap", "node", function (evt) {
    showNode(evt.target);
    expand(evt.target);
  });

  status.textContent = "Loading graph…";
  C.api("/api/v1/campaigns/" + encodeURIComponent(campaignId) + "/graph").then(function (g) {
    add(g);
    layout();
    drawLegend();
    syncList();
    box.setAttribute("data-ready", "true");
    box.setAttribute("data-nodes", String(cy.nodes().length));
    status.textContent = cy.nodes().length + " nodes, " + cy.edges().length + " links" +
      (g.truncated ? " (largest campaigns are cut at 300 reports)" : "");
  }).catch(function (err) { status.textContent = "Could not load the graph: " + err.message; });
})();
