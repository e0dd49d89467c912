// The 打印 button of every page (overrides/partials/print-button.html). A script file rather than an onclick
// attribute, so that the site's Content-Security-Policy (deploy/nginx/security-headers.conf) can refuse every
// inline event handler.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print-page]")) {
    window.print();
  }
});
