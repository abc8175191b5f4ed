// Marks the page as having JavaScript before it is drawn (NHS.UK frontend styles hang on
// these classes). A file rather than an inline script: the Content-Security-Policy allows
// no inline script. Loaded without defer, at the top of <body>, so it runs first.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
