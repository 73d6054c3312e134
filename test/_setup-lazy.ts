// src/lazy/*.ts load the heavier features (YAML reader, importer, S3 images, fly) with require() on first use,
// which the bundle resolves to its own modules. Tests run the TypeScript sources, so Node's require needs the
// same .ts hook pipegen installs for users' pipeline files.
import { installLoader } from "../src/load";

installLoader();
