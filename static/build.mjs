// Builds static/dist from nhsuk-frontend (npm) and our Sass: `npm run build`.
// Run from the project root (npm does that). Fails if the CSS would load
// fonts from an external host or images from the site root (/assets/), which
// is what the prebuilt nhsuk-frontend CSS does.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nhsuk = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const dist = join(root, "static", "dist");

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "css"), { recursive: true });
mkdirSync(join(dist, "js"), { recursive: true });

const result = sass.compile(join(root, "static", "scss", "ccpl.scss"), {
  style: "compressed",
  loadPaths: [join(root, "node_modules")],
  quietDeps: true,
});

const forbidden = [/url\(["']?https?:/i, /url\(["']?\/assets\//i, /@font-face/i];
for (const pattern of forbidden) {
  if (pattern.test(result.css)) {
    throw new Error(`Compiled CSS matches ${pattern}: check $nhsuk-assets-path and the font settings`);
  }
}
writeFileSync(join(dist, "css", "ccpl.css"), result.css);

cpSync(join(nhsuk, "nhsuk-frontend.min.js"), join(dist, "js", "nhsuk-frontend.min.js"));
cpSync(join(nhsuk, "nhsuk-frontend.min.js.map"), join(dist, "js", "nhsuk-frontend.min.js.map"));
cpSync(join(nhsuk, "assets"), join(dist, "assets"), { recursive: true });

console.log(`Built ${dist}: css/ccpl.css (${result.css.length} bytes), js/, assets/`);
