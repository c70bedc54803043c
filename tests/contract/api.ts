/** Plain-fetch access to a Pocket ID for the contract suite, with cleanup of what a test created. */
import { startContractTarget, uniqueId, type ContractTarget } from "./target";

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Decoded JSON when the answer is JSON, otherwise the text. */
  body: any;
  text: string;
}

export interface CallOptions {
  json?: unknown;
  form?: Record<string, string>;
  /** A raw body sent as is (set the content type in headers). */
  raw?: string;
  headers?: Record<string, string>;
  /** Send the API key (default true). */
  auth?: boolean;
}

export class PocketIdApi {
  private readonly cleanups: Array<() => Promise<unknown>> = [];

  constructor(readonly target: ContractTarget) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth !== false) headers["X-API-Key"] = this.target.apiKey;
    let body: string | undefined = options.raw;
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(options.form).toString();
    }
    const response = await fetch(this.target.url + path, {
      method,
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get("content-type") ?? "").includes("json") && text !== "")
      parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  get = (path: string, options?: CallOptions) => this.call("GET", path, options);
  post = (path: string, json?: unknown, options?: CallOptions) =>
    this.call("POST", path, { json, ...options });
  put = (path: string, json?: unknown, options?: CallOptions) => this.call("PUT", path, { json, ...options });
  delete = (path: string, options?: CallOptions) => this.call("DELETE", path, options);

  /** Registers an undo step; `cleanup()` runs them newest first. */
  onCleanup(step: () => Promise<unknown>): void {
    this.cleanups.push(step);
  }

  async cleanup(): Promise<void> {
    while (this.cleanups.length > 0) await this.cleanups.pop()!().catch(() => undefined);
  }

  /** Creates an OIDC client with a unique id (unless given) and deletes it on cleanup. */
  async createClient(fields: Record<string, unknown> = {}): Promise<ApiResponse> {
    const body = { id: uniqueId("contract"), name: "Contract test", ...fields };
    const response = await this.post("/api/oidc/clients", body);
    if (response.status === 201) this.onCleanup(() => this.delete(`/api/oidc/clients/${response.body.id}`));
    return response;
  }

  async createGroup(name = uniqueId("contract-group")): Promise<ApiResponse> {
    const response = await this.post("/api/user-groups", { friendlyName: name, name });
    if (response.status === 201) this.onCleanup(() => this.delete(`/api/user-groups/${response.body.id}`));
    return response;
  }

  async createUser(fields: Record<string, unknown> = {}): Promise<ApiResponse> {
    const username = uniqueId("contract");
    const body = {
      username,
      email: `${username}@example.com`,
      firstName: "Contract",
      emailVerified: true,
      ...fields,
    };
    const response = await this.post("/api/users", body);
    if (response.status === 201) this.onCleanup(() => this.delete(`/api/users/${response.body.id}`));
    return response;
  }

  /** `client_credentials` at the token endpoint with `client_secret_post` or `client_secret_basic`. */
  requestToken(clientId: string, secret: string, method: "post" | "basic" = "post"): Promise<ApiResponse> {
    if (method === "basic") {
      const credentials = Buffer.from(
        `${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`,
      ).toString("base64");
      return this.call("POST", "/api/oidc/token", {
        auth: false,
        form: { grant_type: "client_credentials" },
        headers: { Authorization: `Basic ${credentials}` },
      });
    }
    return this.call("POST", "/api/oidc/token", {
      auth: false,
      form: { grant_type: "client_credentials", client_id: clientId, client_secret: secret },
    });
  }
}

/** Starts the target before the file's tests and cleans up and stops it after them. */
export function useContractApi(): { readonly api: PocketIdApi; readonly target: ContractTarget } {
  let target: ContractTarget | undefined;
  let api: PocketIdApi | undefined;
  beforeAll(async () => {
    target = await startContractTarget();
    api = new PocketIdApi(target);
  });
  afterAll(async () => {
    await api?.cleanup();
    await target?.stop();
  });
  return {
    get api() {
      return api!;
    },
    get target() {
      return target!;
    },
  };
}
