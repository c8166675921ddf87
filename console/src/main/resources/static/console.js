// Every htmx request carries the page's CSRF token (the Content-Security-Policy allows no inline script, so the
// token is read from the page's meta tags here).
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});
