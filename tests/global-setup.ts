// Placeholder: replaced by the data-layer work (starts a throwaway PostgreSQL cluster).
export default function setup() {}
