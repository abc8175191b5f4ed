// allauth's WebAuthn script reports a failed or cancelled security-key ceremony as an
// "allauth.error" event: show it on the page (the #webauthn-error box) instead of only
// on the console.
document.addEventListener("allauth.error", function (event) {
  var box = document.getElementById("webauthn-error");
  if (!box) {
    return;
  }
  event.preventDefault();
  box.hidden = false;
  box.focus();
});
