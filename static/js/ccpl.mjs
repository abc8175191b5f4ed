// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "/static/dist/js/nhsuk-frontend.min.js";

initAll();
