// The home-visit form: optionally fill in the phone's location.
// Progressive: without JavaScript or permission the officer types the coordinates or leaves them empty.
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
        set("latitude", position.coords.latitude.toFixed(6));
        set("longitude", position.coords.longitude.toFixed(6));
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
