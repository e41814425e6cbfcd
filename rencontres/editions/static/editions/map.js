// The venue's map comes from OpenStreetMap: load it only when the visitor asks, so that a
// page load makes no request to another site. Without JavaScript the link stays.
document.querySelectorAll("[data-map-src]").forEach(function (box) {
  var button = box.querySelector("button");
  button.hidden = false;
  button.addEventListener("click", function () {
    var frame = document.createElement("iframe");
    frame.src = box.dataset.mapSrc;
    frame.title = box.dataset.mapTitle;
    button.replaceWith(frame);
    frame.focus();
  });
});
