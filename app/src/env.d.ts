interface ImportMetaEnv {
  /** Appwrite API root, e.g. https://fra.cloud.appwrite.io/v1 (baked in at build time). */
  readonly PUBLIC_APPWRITE_ENDPOINT?: string;
  /** Appwrite project id (baked in at build time). */
  readonly PUBLIC_APPWRITE_PROJECT_ID?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
