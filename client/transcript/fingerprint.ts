// Fingerprints (捺印). A reader device is behind FingerprintReader; the implementation here takes
// a snapshot from the kiosk camera (the finger held to the lens), cropped to the centre and
// turned grey, as a JPEG. A USB reader's driver would be another implementation of the same call.
import type { FingerprintMarkInput } from '../../server/realtime/events';

export interface FingerprintReader {
  /** Captures one fingerprint image. */
  capture(): Promise<FingerprintMarkInput>;
}

export class CameraSnapshotReader implements FingerprintReader {
  constructor(private readonly stream: () => MediaStream | undefined) {}

  async capture(): Promise<FingerprintMarkInput> {
    const track = this.stream()?.getVideoTracks()[0];
    if (!track) throw new Error('no camera');
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = new MediaStream([track]);
    await video.play();
    await new Promise((r) => requestAnimationFrame(r));
    const side = Math.min(video.videoWidth, video.videoHeight);
    if (!side) throw new Error('the camera gives no picture');
    const canvas = document.createElement('canvas');
    canvas.width = 160;
    canvas.height = 160;
    const g = canvas.getContext('2d') as CanvasRenderingContext2D;
    g.filter = 'grayscale(1) contrast(1.4)';
    g.drawImage(video, (video.videoWidth - side) / 2, (video.videoHeight - side) / 2, side, side, 0, 0, 160, 160);
    video.pause();
    video.srcObject = null;
    return { method: 'camera_snapshot', jpeg: canvas.toDataURL('image/jpeg', 0.8).split(',')[1] ?? '' };
  }
}
