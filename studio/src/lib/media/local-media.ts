/** A camera or microphone the browser offers, with a label people can recognise. */
export interface InputDevice {
  id: string;
  label: string;
}

/**
 * 720p is what the program shows at full size; the fake and most office webcams deliver it, and the
 * simulcast layers are cut from it. Ideal, not exact: an older camera still works at what it can do.
 */
const VIDEO: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 25, max: 30 } };
// Speech into a room with loudspeakers: the browser's echo cancellation and noise suppression stay on.
const AUDIO: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

const withDevice = (base: MediaTrackConstraints, id: string | null): MediaTrackConstraints =>
  id ? { ...base, deviceId: { exact: id } } : base;

/** Opens camera and microphone (the chosen ones, or the browser's defaults). */
export function openCameraAndMicrophone(cameraId: string | null, microphoneId: string | null): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({ video: withDevice(VIDEO, cameraId), audio: withDevice(AUDIO, microphoneId) });
}

/** Opens one device alone, to switch it without touching the other. */
export async function openTrack(kind: 'video' | 'audio', deviceId: string | null): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getUserMedia(
    kind === 'video' ? { video: withDevice(VIDEO, deviceId) } : { audio: withDevice(AUDIO, deviceId) },
  );
  const track = stream.getTracks()[0];
  if (!track) throw new DOMException('no track', 'NotFoundError');
  return track;
}

/** The cameras and microphones; labels are only filled in once the page may use the devices. */
export async function listInputDevices(): Promise<{ cameras: InputDevice[]; microphones: InputDevice[] }> {
  const all = await navigator.mediaDevices.enumerateDevices();
  const pick = (kind: MediaDeviceKind) =>
    all.filter((d) => d.kind === kind && d.deviceId).map((d, i) => ({ id: d.deviceId, label: d.label || `${kind} ${i + 1}` }));
  return { cameras: pick('videoinput'), microphones: pick('audioinput') };
}

/** Why the browser refused, as a key the page translates. */
export function deviceErrorReason(err: unknown): 'denied' | 'notFound' | 'busy' | 'insecure' | 'other' {
  const name = err instanceof DOMException ? err.name : '';
  if (!window.isSecureContext || !navigator.mediaDevices) return 'insecure';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'notFound';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'other';
}
