// Fill a form's latitude/longitude (and accuracy_m, when the form has it) from the phone's location.
// Used by the home-visit form and the client's reporting page: a [data-geo] box holds a hidden button,
// a [role=status] line and the data-waiting/-done/-failed texts. Progressive: without JavaScript or
// permission the coordinates are typed or left empty.
(function () {
  "use strict";
  var box = document.querySelector("[data-geo]");
  if (!box || !("geolocation" in navigator)) return;
  var form = box.closest("form");
  var button = box.querySelector("button");
  var status = box.querySelector("[role=status]");
  function set(name, value) {
    var input = form.querySelector("input[name=" + name + "]");
    if (input) input.value = value;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = box.dataset.waiting;
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var c = position.coords;
        set("latitude", c.latitude.toFixed(6));
        set("longitude", c.longitude.toFixed(6));
        set("accuracy_m", Math.round(c.accuracy));
        status.textContent = box.dataset.done;
        button.disabled = false;
      },
      function () {
        status.textContent = box.dataset.failed;
        button.disabled = false;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
