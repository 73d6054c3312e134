/** Helpers for users' own snapshot tests (filled in with the render API). */
export {};
