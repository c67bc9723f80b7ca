export interface ModuleRequirement {
  path: string;
  version: string;
  indirect: boolean;
}

export interface GoProject {
  /** Directory holding go.mod. */
  dir: string;
  module: string | null;
  goVersion: string | null;
  toolchain: string | null;
  requires: ModuleRequirement[];
  /** Lines of go.sum: every module version the project has checksums for. */
  sumCount: number;
  hasGoSum: boolean;
  /** go.work that includes this module, when there is one. */
  workspace: string | null;
  /** Parse problems (the project is still listed). */
  warnings: string[];
}

export interface ProjectScanReport {
  roots: string[];
  projects: GoProject[];
  /** Directories that could not be read, with the reason. */
  skipped: { path: string; reason: string }[];
}
