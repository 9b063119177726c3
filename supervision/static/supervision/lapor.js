// The client's reporting page: optionally add the phone's location to the report.
// Progressive: without JavaScript or permission the report is sent without coordinates.
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
      },
      function () {
        status.textContent = box.dataset.failed;
        button.disabled = false;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
