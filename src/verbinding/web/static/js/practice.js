// Practising: small enhancements. Every page works without this file: the sliders are
// native, the timer's steps are on the page, the STOP guide is a page with anchors.
(function () {
  "use strict";

  // --- check-in sliders: show the number next to the slider -------------------------
  document.querySelectorAll("[data-range-output]").forEach(function (input) {
    var output = document.getElementById(input.getAttribute("data-range-output"));
    if (!output) return;
    output.hidden = false;
    var update = function () { output.textContent = input.value; };
    input.addEventListener("input", update);
    update();
  });

  // The words come from the page (data-* attributes rendered in the person's language);
  // the Dutch here is only a fallback for a page that lacks them.
  function text(element, name, fallback) {
    return (element && element.getAttribute(name)) || fallback;
  }

  // --- the pause timer ----------------------------------------------------------------
  function mmss(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function setUpTimer(box) {
    var total = parseInt(box.getAttribute("data-seconds"), 10) || 300;
    var display = box.querySelector("[data-pt-display]");
    var status = box.querySelector("[data-pt-status]");
    var start = box.querySelector("[data-pt-start]");
    var pause = box.querySelector("[data-pt-pause]");
    var stop = box.querySelector("[data-pt-stop]");
    var left = total, endsAt = 0, tick = null;
    var say = {
      running: text(box, "data-text-running", "De timer loopt. Adem rustig in en uit."),
      resumed: text(box, "data-text-resumed", "De timer loopt weer."),
      paused: text(box, "data-text-paused", "Gepauzeerd. Ga verder wanneer je wilt."),
      stopped: text(box, "data-text-stopped",
        "De timer is gestopt. Je kunt opnieuw beginnen, of verder gaan."),
      done: text(box, "data-text-done", "De tijd is om. Kom rustig terug, in je eigen tempo."),
      start: text(box, "data-label-start", "Start"),
      more: text(box, "data-label-continue", "Verder"),
      again: text(box, "data-label-again", "Opnieuw")
    };

    function buttons(running) {
      start.disabled = running;
      pause.disabled = !running;
      stop.disabled = !running && left === total;
    }
    function halt() { if (tick) { clearInterval(tick); tick = null; } }
    function draw() { display.textContent = mmss(left); }
    function finish() {
      halt();
      left = 0;
      draw();
      box.classList.add("pt-done");
      // The end is only seen, never heard: a sudden sound would pull you out of the pause.
      status.textContent = say.done;
      start.textContent = say.again;
      start.disabled = false;
      pause.disabled = true;
      stop.disabled = true;
      left = total;
    }
    function step() {
      // Count from the clock, not from ticks: a phone may slow timers in the background.
      left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      draw();
      if (left <= 0) finish();
    }

    box.hidden = false;
    left = total;
    draw();
    start.addEventListener("click", function () {
      box.classList.remove("pt-done");
      endsAt = Date.now() + left * 1000;
      halt();
      tick = setInterval(step, 500);
      status.textContent = left === total ? say.running : say.resumed;
      start.textContent = say.start;
      buttons(true);
    });
    pause.addEventListener("click", function () {
      step();
      halt();
      status.textContent = say.paused;
      start.textContent = say.more;
      buttons(false);
    });
    stop.addEventListener("click", function () {
      halt();
      left = total;
      draw();
      status.textContent = say.stopped;
      start.textContent = say.start;
      buttons(false);
      stop.disabled = true;
    });
  }
  document.querySelectorAll("[data-practice-timer]").forEach(setUpTimer);

  // --- emotion words: name what is chosen, so it can be read back --------------------
  var wordForm = document.querySelector(".emotion-form");
  if (wordForm) {
    var said = wordForm.querySelector("[data-chosen-words]");
    var chosenLabel = text(said, "data-label", "Gekozen:");
    var showChosen = function () {
      var words = Array.prototype.map.call(
        wordForm.querySelectorAll("input[name=woorden]:checked"),
        function (box) { return box.value; });
      said.textContent = words.length ? chosenLabel + " " + words.join(", ") : "";
    };
    wordForm.addEventListener("change", showChosen);
    showChosen();
  }

  // --- the STOP guide -----------------------------------------------------------------
  var guide = document.querySelector("[data-stop-guide]");
  if (!guide) return;
  var screens = guide.querySelectorAll("[data-screen]");
  var saidText = guide.querySelector("[data-said-text]");
  var SAID = {
    stop: text(saidText, "data-said-stop", "STOP · je partner blijft staan."),
    terug: text(saidText, "data-said-terug", "GA TERUG · je partner doet een stap achteruit.")
  };
  var current = "";

  function focusFor(name) {
    if (name === "gids") return guide.querySelector(".sg-stop");
    var screen = guide.querySelector("[data-screen='" + name + "']");
    var heading = screen && screen.querySelector("h1, h2");
    if (heading) heading.setAttribute("tabindex", "-1");
    return heading;
  }

  function show(name, moveFocus) {
    current = name;
    screens.forEach(function (screen) {
      screen.classList.toggle("is-active", screen.getAttribute("data-screen") === name);
    });
    var full = name === "gids" || name === "stil";
    guide.classList.toggle("sg-full", full);
    document.body.classList.toggle("sg-open", full);
    if (moveFocus) {
      var target = focusFor(name);
      if (target) target.focus();
    }
  }

  guide.classList.add("sg-js");
  guide.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });
  show(guide.getAttribute("data-start") || "uitleg", false);

  guide.addEventListener("click", function (event) {
    var link = event.target.closest("[data-go]");
    if (!link) return;
    event.preventDefault();
    var said = link.getAttribute("data-said");
    if (said && saidText) saidText.textContent = SAID[said];
    show(link.getAttribute("data-go"), true);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && (current === "gids" || current === "stil")) {
      event.preventDefault();
      show("nagesprek", true);
      return;
    }
    var isPress = event.key === " " || event.key === "Enter";
    if (!isPress) return;
    var role = event.target && event.target.getAttribute && event.target.getAttribute("role");
    if (event.key === " " && role === "button") {
      // Links that act as buttons answer to the space bar too, as real buttons do.
      event.preventDefault();
      event.target.click();
      return;
    }
    var onControl = event.target && event.target.closest &&
      event.target.closest("a, button, input, textarea, select");
    if (current === "gids" && !onControl) {
      event.preventDefault();
      guide.querySelector(".sg-stop").click();
    }
  });
})();
