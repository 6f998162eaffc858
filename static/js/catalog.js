// The table of contents starts open on wide screens and folded on phones.
(function () {
  var toc = document.querySelector(".catalog-toc details");
  if (toc) {
    toc.open = window.matchMedia("(min-width: 992px)").matches;
  }
})();
