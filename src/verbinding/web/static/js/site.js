// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  function readerLink(direction) {
    var reader = document.getElementById("reader");
    return reader ? reader.getAttribute("data-" + direction) : "";
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    var target = event.key === "ArrowRight" ? readerLink("next")
      : event.key === "ArrowLeft" ? readerLink("prev") : "";
    if (target) {
      event.preventDefault();
      window.location.assign(target);
    }
  });

  // The words come from the page (data-* attributes rendered in the person's language);
  // the Dutch here is only a fallback for a page that lacks them.
  function text(element, name, fallback) {
    return (element && element.getAttribute(name)) || fallback;
  }

  var running = null;
  function format(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-timer-start]");
    if (button) {
      var timer = button.closest("[data-timer]");
      var display = timer.querySelector("[data-timer-display]");
      var breathe = text(timer, "data-text-breathe", "adem rustig in en uit");
      var over = text(timer, "data-text-over",
        "De pauze is voorbij. Lees verder wanneer je er klaar voor bent.");
      var left = parseInt(button.getAttribute("data-timer-start"), 10);
      if (running) clearInterval(running);
      display.textContent = format(left) + " · " + breathe;
      running = setInterval(function () {
        left -= 1;
        if (left <= 0) {
          clearInterval(running);
          running = null;
          display.textContent = over;
          return;
        }
        display.textContent = format(left) + " · " + breathe;
      }, 1000);
      return;
    }
    if (event.target.closest("[data-print]")) window.print();
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var field = document.getElementById(copy.getAttribute("data-copy"));
      var status = copy.closest(".resume-box").querySelector("[data-copy-status]");
      field.select();
      var done = function () {
        if (status) status.textContent = text(status, "data-text-copied", "De link is gekopieerd.");
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    }
  });
  // A table wider than the screen scrolls sideways in its box: make that box reachable
  // by keyboard (and named, for screen readers), but only where it really scrolls.
  function scrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth + 1 || box.hasAttribute("tabindex")) return;
      var caption = box.querySelector("caption");
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption && caption.textContent.trim()
        ? caption.textContent.trim() : text(document.body, "data-text-table", "Tabel"));
    });
  }
  scrollableTables();
  window.addEventListener("resize", scrollableTables);

  // A saved answer to a question that had none yet moves the counter and the bar at
  // once; only a save the server confirmed counts, so the number never runs ahead.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var detail = event.detail || {};
    var question = detail.elt && detail.elt.closest && detail.elt.closest("fieldset.question");
    if (!question || !detail.successful || question.hasAttribute("data-was-answered")) return;
    question.setAttribute("data-was-answered", "");
    var bar = document.querySelector("[data-progress]");
    var count = document.querySelector("[data-answered]");
    if (!bar || !count) return;
    var answered = Math.min(parseInt(bar.getAttribute("value"), 10) + 1,
      parseInt(bar.getAttribute("max"), 10));
    bar.setAttribute("value", String(answered));
    count.textContent = String(answered);
  });

  // Only a new reading step moves focus to the top; a saved answer must leave the
  // keyboard focus where the person is.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "reader") return;
    if (running) { clearInterval(running); running = null; }
    var main = document.getElementById("inhoud");
    if (main) { main.focus(); window.scrollTo(0, 0); }
  });
})();
