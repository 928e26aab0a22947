// Live 客户部门 / 拜访人 / 日期安排 hints (F-4.6, F-4.7), served by the marketing plugin (no inline script under the CSP).
// <select data-hints-url="/marketing/hints?customerId=" [data-hints-scope="tr"]>: when a customer is chosen, the hints
// of that customer are fetched (JSON {departments, contacts, dates}) and every [data-hint="departments|contacts|dates"]
// field in the same row (closest data-hints-scope, default "tr, form") gets a datalist of them. Typed text stays accepted.
(function () {
    "use strict";

    function datalist(kind, id, values) {
        var listId = "hint-" + kind + "-" + id;
        var list = document.getElementById(listId);
        if (!list) {
            list = document.createElement("datalist");
            list.id = listId;
            document.body.appendChild(list);
        }
        list.replaceChildren.apply(list, (values || []).map(function (v) {
            var o = document.createElement("option");
            o.value = v;
            return o;
        }));
        return listId;
    }

    function refresh(select) {
        var row = select.closest(select.getAttribute("data-hints-scope") || "tr, form");
        if (!row) return;
        var fields = row.querySelectorAll("[data-hint]");
        var id = select.value;
        if (!id) {
            fields.forEach(function (f) { f.removeAttribute("list"); });
            return;
        }
        fetch(select.getAttribute("data-hints-url") + encodeURIComponent(id), { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (hints) {
                if (select.value !== id) return; // chosen again meanwhile
                fields.forEach(function (f) {
                    var kind = f.getAttribute("data-hint");
                    f.setAttribute("list", datalist(kind, id, hints ? hints[kind] : []));
                });
                row.setAttribute("data-hints-loaded", id);
            })
            .catch(function () { /* no hints: typed text still works */ });
    }

    document.addEventListener("change", function (e) {
        if (e.target.matches && e.target.matches("select[data-hints-url]")) refresh(e.target);
    });
})();
