// A small HTTP client for the CLI (Bearer token), speaking the server's { ok, data } envelope.
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<{ client: ApiClient; userId: string }> {
    const res = await new ApiClient(baseUrl).call<{ token: string; user: { id: string } }>('POST', '/api/auth/login', {
      username,
      password,
    });
    return { client: new ApiClient(baseUrl, res.token), userId: res.user.id };
  }

  async call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(this.baseUrl + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json()) as { ok: true; data: T } | { ok: false; error: string; message: string };
    if (!json.ok) throw new Error(`${method} ${url}: ${json.error}: ${json.message}`);
    return json.data;
  }

  /** POSTs raw bytes (a file upload) and unwraps the envelope. */
  async upload<T>(url: string, bytes: Buffer): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(this.baseUrl + url, { method: 'POST', headers, body: new Uint8Array(bytes) });
    const json = (await res.json()) as { ok: true; data: T } | { ok: false; error: string; message: string };
    if (!json.ok) throw new Error(`POST ${url}: ${json.error}: ${json.message}`);
    return json.data;
  }

  /** Fetches a file (not an envelope) into `file`. */
  async download(url: string, file: string): Promise<void> {
    const res = await fetch(this.baseUrl + url, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
  }
}
