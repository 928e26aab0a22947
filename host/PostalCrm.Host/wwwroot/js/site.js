// Confirm before destructive form posts: <form data-confirm="确定删除吗?">.
document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
});
