// Evidence display (示证): an image or a PDF page rendered to a canvas becomes a video track of its
// own; a shared screen is another. Both travel as separate producers, so the recording keeps them.

/** A video track that shows `file` (an image) letterboxed at 1280x720, redrawn so late joiners get frames. */
export async function imageTrack(file: Blob, caption: string): Promise<{ track: MediaStreamTrack; stop(): void }> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = 1280;
  canvas.height = 720;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const draw = () => {
    ctx.fillStyle = '#111';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    const scale = Math.min((canvas.width - 40) / bitmap.width, (canvas.height - 90) / bitmap.height);
    const w = bitmap.width * scale;
    const hgt = bitmap.height * scale;
    ctx.drawImage(bitmap, (canvas.width - w) / 2, 20 + (canvas.height - 90 - hgt) / 2, w, hgt);
    ctx.fillStyle = '#ffcf66';
    ctx.font = '28px "Noto Sans CJK SC", sans-serif';
    ctx.fillText(`${caption}  ${new Date().toLocaleString('zh-CN', { hour12: false })}`, 20, canvas.height - 25);
  };
  draw();
  const stream = canvas.captureStream(5);
  const timer = setInterval(draw, 200);
  const track = stream.getVideoTracks()[0] as MediaStreamTrack;
  return {
    track,
    stop: () => {
      clearInterval(timer);
      track.stop();
      bitmap.close();
    },
  };
}

/** The user's screen (browser permission prompt). */
export async function screenTrack(): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 10 }, audio: false });
  return stream.getVideoTracks()[0] as MediaStreamTrack;
}
