// Built-in assets are imported as text and embedded in the binary (Bun `with { type: "text" }`).
declare module "*.css" {
  const text: string;
  export default text;
}
declare module "*/dashboard-client.js" {
  const text: string;
  export default text;
}
