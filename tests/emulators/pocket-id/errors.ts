// Behaviour follows Pocket ID v2.14.0 (backend/internal/apperror, middleware/error_handler.go, httpserver/binding.go).

/** One entry of `details.fields` in a `validation_failed` error body. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** An application error as Pocket ID's error middleware serialises it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

const capitalizeFirst = (message: string): string => message.charAt(0).toUpperCase() + message.slice(1);

/** `{error, code, details?, request_id}`: details is omitted when it would be empty. */
export function errorBody(error: ApiError, requestId: string): Record<string, unknown> {
  const details: Record<string, unknown> = { ...error.details };
  if (error.fields.length > 0) details.fields = error.fields;
  const body: Record<string, unknown> = { error: capitalizeFirst(error.message), code: error.code };
  if (Object.keys(details).length > 0) body.details = details;
  body.request_id = requestId;
  return body;
}

export const notFound = (resource: string): ApiError =>
  new ApiError(404, "not_found", `${resource} not found`, { resource });
export const alreadyInUse = (property: string): ApiError =>
  new ApiError(409, "already_in_use", `${property} is already in use`, { property });
export const invalidRequestBody = (): ApiError =>
  new ApiError(400, "invalid_request_body", "Request body is invalid");
export const validationMessage = (message: string): ApiError =>
  new ApiError(400, "validation_failed", message);
export const missingField = (field: string): ApiError =>
  new ApiError(400, "validation_failed", `${field} is required`, {}, [
    { field, code: "required", message: "is required" },
  ]);
export const notSignedIn = (): ApiError => new ApiError(401, "not_signed_in", "You are not signed in");
export const userNotFound = (): ApiError => new ApiError(404, "user_not_found", "User not found");
export const clientIdAlreadyExists = (): ApiError =>
  new ApiError(409, "client_id_already_exists", "Client ID is already in use");
export const setupNotAvailable = (): ApiError => new ApiError(404, "setup_not_available", "Not found");
export const setupAlreadyCompleted = (): ApiError =>
  new ApiError(409, "setup_already_completed", "Initial setup has already been completed");
export const tokenInvalidOrExpired = (): ApiError =>
  new ApiError(401, "token_invalid_or_expired", "Token is invalid or expired");
export const rateLimited = (): ApiError => new ApiError(429, "rate_limited", "Too many requests");
export const internalError = (): ApiError => new ApiError(500, "internal_error", "Something went wrong");

/** The code and message go-playground's tags map to (`dto.ValidationErrorDetails`). */
function tagDetails(tag: string, param?: string): { code: string; message: string } {
  switch (tag) {
    case "required":
      return { code: "required", message: "is required" };
    case "email":
      return { code: "invalid_format", message: "must be a valid email address" };
    case "username":
      return {
        code: "invalid_format",
        message:
          "must only contain letters, numbers, underscores, dots, hyphens, and '@' symbols and not start or end with a special character",
      };
    case "url":
      return { code: "invalid_format", message: "must be a valid URL" };
    case "min":
      return { code: "too_short", message: `must be at least ${param} characters long` };
    case "max":
      return { code: "too_long", message: `must be at most ${param} characters long` };
    default:
      return { code: tag, message: "is invalid" };
  }
}

/** Collects field errors in struct order, one per field, like the Go validator does. */
export class Validation {
  private readonly fields: FieldError[] = [];

  fail(field: string, tag: string, param?: string): void {
    this.fields.push({ field, ...tagDetails(tag, param) });
  }

  /** Checks `required,max=N`-style length rules (counted in characters, as Go counts runes). */
  length(field: string, value: string, rules: { required?: boolean; min?: number; max?: number }): boolean {
    const length = [...value].length;
    if (rules.required && value === "") this.fail(field, "required");
    else if (value === "" && !rules.required) return true;
    else if (rules.min !== undefined && length < rules.min) this.fail(field, "min", String(rules.min));
    else if (rules.max !== undefined && length > rules.max) this.fail(field, "max", String(rules.max));
    else return true;
    return false;
  }

  throwIfFailed(): void {
    if (this.fields.length === 0) return;
    const message = this.fields.map((f) => `${f.field} ${f.message}`).join(", ");
    throw new ApiError(400, "validation_failed", message, {}, this.fields);
  }
}

/** Typed access to a decoded JSON object with Go `encoding/json` semantics (null = zero value). */
export class JsonBody {
  constructor(private readonly value: Record<string, unknown>) {}

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  raw(key: string): unknown {
    return this.value[key];
  }

  string(key: string): string {
    const v = this.value[key];
    if (v === undefined || v === null) return "";
    if (typeof v !== "string") throw invalidRequestBody();
    return v.normalize("NFC");
  }

  optionalString(key: string): string | null {
    return this.has(key) ? this.string(key) : null;
  }

  boolean(key: string): boolean {
    const v = this.value[key];
    if (v === undefined || v === null) return false;
    if (typeof v !== "boolean") throw invalidRequestBody();
    return v;
  }

  integer(key: string): number {
    const v = this.value[key];
    if (v === undefined || v === null) return 0;
    if (typeof v !== "number" || !Number.isInteger(v)) throw invalidRequestBody();
    return v;
  }

  /** `null` when absent or JSON null (Go keeps a nil slice), otherwise the strings. */
  stringList(key: string): string[] | null {
    const v = this.value[key];
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v)) throw invalidRequestBody();
    return v.map((item) => {
      if (item === null) return "";
      if (typeof item !== "string") throw invalidRequestBody();
      return item;
    });
  }

  object(key: string): JsonBody {
    const v = this.value[key];
    if (v === undefined || v === null) return new JsonBody({});
    if (typeof v !== "object" || Array.isArray(v)) throw invalidRequestBody();
    return new JsonBody(v as Record<string, unknown>);
  }

  objectList(key: string): JsonBody[] {
    const v = this.value[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw invalidRequestBody();
    return v.map((item) => {
      if (item === null) return new JsonBody({});
      if (typeof item !== "object" || Array.isArray(item)) throw invalidRequestBody();
      return new JsonBody(item as Record<string, unknown>);
    });
  }
}

/** `application/json` or `application/<x>+json`, parameters ignored (`isJSONMediaType`). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  const [type, subtype] = mediaType.split("/");
  if (type !== "application" || !subtype) return false;
  return subtype === "json" || (subtype.endsWith("+json") && subtype.length > "+json".length);
}

function decodeObject(raw: Buffer): JsonBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    throw invalidRequestBody();
  }
  if (parsed === null) return new JsonBody({});
  if (typeof parsed !== "object" || Array.isArray(parsed)) throw invalidRequestBody();
  return new JsonBody(parsed as Record<string, unknown>);
}

/** `httpserver.BindJSON`: JSON content type required, then decode. */
export function bindJson(contentType: string | undefined, raw: Buffer): JsonBody {
  if (!isJsonContentType(contentType)) throw invalidRequestBody();
  if (raw.length === 0) throw invalidRequestBody();
  return decodeObject(raw);
}

/** `httpserver.BindOptionalJSON`: an empty body is fine with any content type. */
export function bindOptionalJson(contentType: string | undefined, raw: Buffer): JsonBody {
  if (raw.toString("utf8").trim() === "") return new JsonBody({});
  if (!isJsonContentType(contentType)) throw invalidRequestBody();
  return decodeObject(raw);
}
