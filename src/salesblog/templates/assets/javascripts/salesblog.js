/* salesblog's only script. "Copy link" under a post copies the post's address and says so in
   the share bar's status line; without scripts (or a clipboard) it stays a link to the post. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[data-sb-copy]") : null;
    if (!link || !navigator.clipboard) {
      return;
    }
    event.preventDefault();
    var bar = link.closest(".sb-share");
    var status = bar ? bar.querySelector("[data-sb-copy-status]") : null;
    navigator.clipboard.writeText(link.href).then(function () {
      if (status) { status.textContent = "Link copied to the clipboard."; }
    }, function () {
      if (status) { status.textContent = "Could not copy: copy the address from the address bar."; }
    });
  });
})();
