// Page behaviours driven by data- attributes. The Content-Security-Policy allows scripts from this site only (no
// inline <script>, no onclick=): views, also those of plugins, ask for a behaviour by attribute instead.
(function () {
    "use strict";

    // <form data-confirm="确定删除吗?">: confirm before the form is submitted.
    document.addEventListener("submit", function (e) {
        var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
        if (msg && !window.confirm(msg)) { e.preventDefault(); e.stopImmediatePropagation(); }
    }, true);

    // <a data-back href="/">: back to the previous page (the href is the fallback without history).
    document.addEventListener("click", function (e) {
        var a = e.target.closest && e.target.closest("[data-back]");
        if (a && window.history.length > 1) { e.preventDefault(); window.history.back(); }
    });

    // <input data-enter-event="search">: Enter does not submit the form, it fires that event on the input
    // (an htmx trigger, e.g. hx-trigger="search").
    document.addEventListener("keydown", function (e) {
        var name = e.key === "Enter" && e.target.getAttribute && e.target.getAttribute("data-enter-event");
        if (name) {
            e.preventDefault();
            e.target.dispatchEvent(new Event(name, { bubbles: true }));
        }
    });

    // <input type="checkbox" data-pins="#LevelId" data-pin-value="3" [data-pin-lock]>: while checked, the target
    // shows that value (and is disabled with data-pin-lock); changing the target snaps it back.
    function syncPin(box) {
        var target = document.querySelector(box.getAttribute("data-pins"));
        if (!target) return;
        var value = box.getAttribute("data-pin-value");
        if (box.checked && value) target.value = value;
        if (box.hasAttribute("data-pin-lock")) target.disabled = box.checked;
    }

    // <select data-picks=".contact-picked" data-picks-key="contact" data-picks-none="#contact-typed">: shows the
    // element whose data-<key> equals the chosen value; the "none" block (its inputs enabled) only when nothing is chosen.
    function syncPicks(select) {
        var key = select.getAttribute("data-picks-key");
        document.querySelectorAll(select.getAttribute("data-picks")).forEach(function (d) {
            d.hidden = d.getAttribute("data-" + key) !== select.value;
        });
        var none = select.getAttribute("data-picks-none") && document.querySelector(select.getAttribute("data-picks-none"));
        if (none) {
            none.hidden = select.value !== "";
            none.querySelectorAll("input, select, textarea").forEach(function (x) { x.disabled = select.value !== ""; });
        }
    }

    // <input data-ratio-score data-target="200" data-weight="30" data-out="#s1" data-total="#total">: shows
    // min(value / target, 1) × weight (two decimals) in data-out and the sum of every such score with the same data-total.
    // <input data-sum-into="#total">: the sum of the inputs naming the same element is shown in it.
    function num(v) { var n = parseFloat(v); return isNaN(n) ? 0 : n; }
    function ratioScore(input) {
        var target = num(input.getAttribute("data-target")), weight = num(input.getAttribute("data-weight")), v = num(input.value);
        if (target <= 0 || v <= 0) return 0;
        return Math.round(Math.min(v / target, 1) * weight * 100) / 100;
    }
    function syncScores(input) {
        var out = document.querySelector(input.getAttribute("data-out"));
        if (out) out.textContent = input.value === "" ? "" : ratioScore(input).toFixed(2);
        var totalSel = input.getAttribute("data-total"), total = document.querySelector(totalSel), sum = 0;
        if (!total) return;
        document.querySelectorAll("[data-ratio-score]").forEach(function (i) { if (i.getAttribute("data-total") === totalSel) sum += ratioScore(i); });
        total.textContent = sum.toFixed(2);
    }
    function syncSum(input) {
        var sel = input.getAttribute("data-sum-into"), total = document.querySelector(sel), sum = 0;
        if (!total) return;
        document.querySelectorAll("[data-sum-into]").forEach(function (i) { if (i.getAttribute("data-sum-into") === sel) sum += num(i.value); });
        total.textContent = String(Math.round(sum * 100) / 100);
    }
    document.addEventListener("input", function (e) {
        var el = e.target;
        if (!el.matches) return;
        if (el.matches("[data-ratio-score]")) syncScores(el);
        if (el.matches("[data-sum-into]")) syncSum(el);
    });

    // <form data-unsaved-warning>: warn before leaving the page with changes not yet submitted.
    var dirty = false;
    function isWatched(el) { return el.closest && el.closest("form[data-unsaved-warning]"); }

    document.addEventListener("change", function (e) {
        var el = e.target;
        if (!el.matches) return;
        if (el.matches("[data-pins]")) syncPin(el);
        document.querySelectorAll("[data-pins]").forEach(function (box) {
            if (box.checked && document.querySelector(box.getAttribute("data-pins")) === el) syncPin(box);
        });
        if (el.matches("select[data-picks]")) syncPicks(el);
        if (isWatched(el)) dirty = true;
    });
    document.addEventListener("input", function (e) { if (isWatched(e.target)) dirty = true; });
    document.addEventListener("submit", function (e) { if (!e.defaultPrevented && isWatched(e.target)) dirty = false; });
    window.addEventListener("beforeunload", function (e) {
        if (dirty) { e.preventDefault(); e.returnValue = ""; }
    });
})();
