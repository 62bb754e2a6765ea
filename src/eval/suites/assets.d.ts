// Fixture files imported as text (`with { type: "text" }`) by files.ts.
declare module "*.py" {
  const text: string;
  export default text;
}
declare module "*.yaml" {
  const text: string;
  export default text;
}
declare module "*.md" {
  const text: string;
  export default text;
}
declare module "*.txt" {
  const text: string;
  export default text;
}
declare module "*/hosts" {
  const text: string;
  export default text;
}
