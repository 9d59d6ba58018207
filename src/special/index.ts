export { expint1, expintE, logExpintE } from "./expint.js";
