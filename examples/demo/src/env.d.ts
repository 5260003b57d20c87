/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** `true` in the static build, where the stub runs in a service worker. */
  readonly VITE_VR_STATIC?: string;
}
