/* Crossline web app: shared helpers. No inline scripts: pages read data from
   <script type="application/json"> blocks and call the JSON API. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  window.Crossline = {
    csrf: meta ? meta.getAttribute("content") : "",
    readJson: function (id) {
      var el = document.getElementById(id);
      return el ? JSON.parse(el.textContent) : null;
    },
    api: function (path, options) {
      options = options || {};
      options.credentials = "same-origin";
      options.headers = Object.assign({ "Accept": "application/json" }, options.headers || {});
      if (options.method && options.method !== "GET") {
        options.headers["X-CSRF-Token"] = window.Crossline.csrf;
      }
      return fetch(path, options).then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) {
            var err = new Error((body.error && body.error.message) || response.statusText);
            err.code = body.error && body.error.code;
            throw err;
          }
          return body;
        });
      });
    },
    // Colours shared by charts and the graph, so a jurisdiction looks the same everywhere.
    jurColor: function (code) {
      return { US: "#2563eb", IN: "#ea7a16", GB: "#7c3aed", CA: "#dc2626" }[code] || "#64748b";
    },
    kindColor: function (kind) {
      return {
        phone: "#0f766e", upi: "#b45309", bank_account: "#9333ea", ifsc: "#a855f7",
        iban: "#7e22ce", email: "#be123c", domain: "#1d4ed8", url: "#2563eb",
        btc: "#ca8a04", eth: "#4f46e5", wallet: "#ca8a04", card: "#475569"
      }[kind] || "#475569";
    }
  };
  // "/" focuses the search box, as in most analyst tools.
  document.addEventListener("keydown", function (e) {
    var box = document.getElementById("global-search");
    if (e.key === "/" && box && document.activeElement.tagName !== "INPUT" &&
        document.activeElement.tagName !== "TEXTAREA") {
      e.preventDefault();
      box.focus();
    }
  });
  // A card whose table is wider than a narrow screen scrolls sideways; keyboard users
  // must be able to reach it, so a scrolling card takes focus (and only then).
  function focusableScrollers() {
    document.querySelectorAll(".card").forEach(function (card) {
      if (card.scrollWidth > card.clientWidth) {
        card.setAttribute("tabindex", "0");
      } else if (card.getAttribute("tabindex") === "0") {
        card.removeAttribute("tabindex");
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusableScrollers);
  } else {
    focusableScrollers();
  }
  window.addEventListener("resize", focusableScrollers);
})();
