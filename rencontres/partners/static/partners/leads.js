/* The exhibitor's badge scanner: the camera reads a badge's QR code (BarcodeDetector where
 * the browser has it, else the on-site app's vendored jsQR) and sends it through the badge
 * form, which works alone with a handheld scanner or a typed code. */
(function () {
  "use strict";

  const box = document.querySelector("[data-camera]");
  const form = document.getElementById("lead-badge-form");
  if (!box || !form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  const video = box.querySelector("[data-camera-video]");
  const canvas = box.querySelector("[data-camera-canvas]");
  const status = box.querySelector("[data-camera-status]");
  const start = box.querySelector("[data-camera-start]");
  const stop = box.querySelector("[data-camera-stop]");
  let stream = null;
  let detector = null;
  box.hidden = false;

  async function decode() {
    if (detector) {
      const codes = await detector.detect(video);
      return codes.length ? codes[0].rawValue : null;
    }
    if (!window.jsQR) return null;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    return code ? code.data : null;
  }

  async function tick() {
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth) {
      const text = await decode().catch(() => null);
      if (text) {
        form.elements.badge.value = text;
        halt();
        form.requestSubmit();
        return;
      }
    }
    setTimeout(tick, 200);
  }

  function halt() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    start.hidden = false;
    stop.hidden = true;
  }

  start.addEventListener("click", async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (error) {
      status.textContent = status.dataset.error;
      return;
    }
    if ("BarcodeDetector" in window) {
      try {
        detector = new BarcodeDetector({ formats: ["qr_code"] });
      } catch (error) {
        detector = null;
      }
    }
    video.srcObject = stream;
    video.hidden = false;
    start.hidden = true;
    stop.hidden = false;
    status.textContent = "";
    await video.play();
    tick();
  });
  stop.addEventListener("click", halt);
})();
