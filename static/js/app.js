// plein: the little behaviour htmx does not cover. No inline scripts (strict CSP).
(function () {
  "use strict";

  function showMessage(text) {
    var area = document.getElementById("messages");
    if (!area) return;
    var p = document.createElement("p");
    p.className = "flash flash-error";
    p.setAttribute("role", "alert");
    p.textContent = text;
    area.replaceChildren(p);
  }

  // Network trouble must never be silent: the user's input stays in the form.
  document.addEventListener("htmx:sendError", function () {
    showMessage("Geen verbinding met de server. Je invoer staat er nog; probeer het zo opnieuw.");
  });
  document.addEventListener("htmx:timeout", function () {
    showMessage("De server reageert niet op tijd. Probeer het zo opnieuw.");
  });

  // Our own error responses say where they go (HX-Retarget: #messages). Any other
  // error page (a proxy's 502, say) is not swapped over the user's form.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (event.detail.isError && !xhr.getResponseHeader("HX-Retarget")) {
      event.detail.shouldSwap = false;
      showMessage("Er ging iets mis (foutcode " + xhr.status + "). Je invoer staat er nog; probeer het zo opnieuw.");
    }
  });

  // Keep keyboard focus where it was when htmx replaces the part that held it:
  // the same button (by name and value) in the new content, else its first link.
  var focusBefore = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    var holder = active && active.closest("[id]");
    focusBefore = holder && event.detail.target.contains(active)
      ? { id: holder.id, name: active.name, value: active.value } : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!focusBefore || document.activeElement !== document.body) return;
    var wanted = focusBefore;
    focusBefore = null;
    var holder = document.getElementById(wanted.id);
    if (!holder) return;
    var same = Array.prototype.find.call(holder.querySelectorAll("button[name]"), function (b) {
      return b.name === wanted.name && b.value === wanted.value;
    });
    (same || holder.querySelector("a[href], button, input, select, textarea") || holder).focus();
  });

  // A roadmap phase fetching its items when opened: its list says it is busy (Pico
  // shows a spinner; screen readers hear it), until the list arrives or fails.
  function phaseList(event) {
    var elt = event.detail.elt;
    return elt.matches("details[hx-get]") ? elt.querySelector(".item-list") : null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var list = phaseList(event);
    if (list) list.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var list = phaseList(event);
    if (list) list.removeAttribute("aria-busy");
  });

  // The desk's tally form starts empty again once a contact is counted (htmx swapped
  // only the little "last" block); a refused one keeps what was chosen.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (form.matches && form.matches("form[data-reset-after-save]") && event.detail.xhr.status < 300) {
      form.reset();
    }
  });

  // The main menu is a <details> that CSS keeps open on wide screens; a browser
  // without ::details-content gets the same by opening it here.
  var menu = document.querySelector("details.site-menu");
  if (menu && window.CSS && !CSS.supports("selector(::details-content)")) {
    var wide = window.matchMedia("(min-width: 900px)");
    var sync = function () { menu.open = wide.matches; };
    sync();
    wide.addEventListener("change", sync);
  }

  // A table wider than the screen scrolls sideways in its .overflow-auto box: make such a
  // box reachable by keyboard (and named) so it can be scrolled without a mouse.
  function markScrollBoxes() {
    document.querySelectorAll(".overflow-auto").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        var heading = box.closest("section") && box.closest("section").querySelector("h2, h3");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", ((caption || heading || {}).textContent || "Tabel").trim() + " (schuift opzij)");
        box.setAttribute("data-scroll-marked", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-marked")) {
        ["tabindex", "role", "aria-label", "data-scroll-marked"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }
  markScrollBoxes();
  window.addEventListener("resize", markScrollBoxes);
  document.addEventListener("htmx:afterSettle", markScrollBoxes);

  // Toolbars (role="toolbar"): one Tab stop for the whole row of buttons and links; the
  // arrow keys, Home and End move within it (WAI-ARIA toolbar pattern). Without
  // JavaScript every control keeps its own Tab stop.
  var CONTROLS = "a[href], button:not([disabled]), input:not([type=hidden]), select";
  function controlsOf(bar) {
    return Array.prototype.filter.call(bar.querySelectorAll(CONTROLS), function (c) {
      return c.offsetParent !== null || c === document.activeElement;
    });
  }
  function rove(bar, current) {
    controlsOf(bar).forEach(function (c) { c.tabIndex = c === current ? 0 : -1; });
  }
  function initToolbars(root) {
    var bars = root.matches && root.matches("[role=toolbar]") ? [root] : [];
    bars.push.apply(bars, root.querySelectorAll ? root.querySelectorAll("[role=toolbar]") : []);
    bars.forEach(function (bar) {
      var controls = controlsOf(bar);
      var current = controls.find(function (c) { return c === document.activeElement; }) || controls[0];
      rove(bar, current);
    });
  }
  document.addEventListener("focusin", function (event) {
    var bar = event.target.closest && event.target.closest("[role=toolbar]");
    if (bar) rove(bar, event.target);
  });
  document.addEventListener("keydown", function (event) {
    var bar = event.target.closest && event.target.closest("[role=toolbar]");
    if (!bar || event.altKey || event.ctrlKey || event.metaKey) return;
    var controls = controlsOf(bar);
    var at = controls.indexOf(event.target);
    var to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: controls.length - 1 }[event.key];
    if (at < 0 || to === undefined) return;
    event.preventDefault();
    var next = controls[(to + controls.length) % controls.length];
    rove(bar, next);
    next.focus();
  });
  initToolbars(document);
  document.addEventListener("htmx:load", function (event) { initToolbars(event.detail.elt); });
  document.querySelectorAll("[data-with-script][hidden]").forEach(function (el) { el.hidden = false; });

  // Nothing typed is lost unseen. On a page with several forms ([data-keep-typed]), saving
  // one form reloads the page, which would drop what was typed in another: ask first.
  // Leaving such a page with unsaved edits asks too. (Without JavaScript each form
  // still saves; the page says which button saves what.)
  function changed(form) {
    return Array.prototype.some.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") return false;
      if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
      if (el.tagName === "SELECT") {
        if (el.multiple) {
          return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
        }
        // a select with no option marked selected starts on its first option
        var initial = Array.prototype.findIndex.call(el.options, function (o) { return o.defaultSelected; });
        return el.selectedIndex !== Math.max(initial, 0);
      }
      return el.value !== el.defaultValue;
    });
  }
  function unsavedForms(except) {
    return Array.prototype.filter.call(document.querySelectorAll("[data-keep-typed] form[method=post]"), function (form) {
      return form !== except && changed(form);
    });
  }
  function formName(form) {
    var named = form.getAttribute("aria-label");
    var heading = form.closest("section, article");
    heading = heading && heading.querySelector("h2, h3");
    return named || (heading ? heading.textContent.trim() : "een ander formulier");
  }
  var leaving = false;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    // an htmx form swaps only its own part: the other forms keep what was typed
    if (!form.closest("[data-keep-typed]") || form.hasAttribute("hx-post")) return;
    var others = unsavedForms(form);
    if (others.length && !window.confirm("Je hebt ook iets gewijzigd in: " + others.map(formName).join(", ") +
        ". Dat is nog niet opgeslagen en gaat verloren als je nu dit formulier opslaat. " +
        "Toch doorgaan? (Kies Annuleren en sla eerst dat deel op.)")) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    leaving = true;
  }, true);
  window.addEventListener("beforeunload", function (event) {
    if (!leaving && unsavedForms(null).length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Copy buttons: <button data-copy="id-of-input">
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) return;
    input.select();
    var done = function () { button.textContent = "Gekopieerd"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
