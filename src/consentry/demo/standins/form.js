/* Stand-in for Brevo's sign-up form script (demo only): renders the form into the slot the
   site reserved for it and tells Brevo the form was shown. */
(function () {
  var origin = new URL(document.currentScript.src).origin;
  document.querySelectorAll("[data-brevo-form]").forEach(function (slot) {
    var form = document.createElement("form");
    var label = document.createElement("label");
    var input = document.createElement("input");
    var button = document.createElement("button");
    input.type = "email";
    input.name = "email";
    input.autocomplete = "email";
    label.append("E-mail ", input);
    button.type = "button";
    button.textContent = "S'inscrire";
    form.append(label, " ", button);
    slot.replaceChildren(form);
  });
  new Image().src = origin + "/forms/shown?u=" + encodeURIComponent(location.href);
})();
