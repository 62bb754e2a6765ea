// Scripts run in the browser page (page.evaluate), imported as text (Bun `with { type: "text" }`).
declare module "*/faint-texts.js" {
  const text: string;
  export default text;
}
