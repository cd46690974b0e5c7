import type { Config } from "tailwindcss";

// Tailwind 4 reads its theme from CSS; this file holds Thaw's design tokens and is loaded with
// `@config` in app/globals.css so both places agree.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        ice: {
          50: "#f0f7fb",
          100: "#dcecf5",
          200: "#b9d9eb",
          300: "#8cc0dd",
          400: "#5aa0c9",
          500: "#3783b2",
          600: "#276896",
          700: "#21557a",
          800: "#1f4765",
          900: "#1d3c55",
          950: "#132738",
        },
      },
      fontFamily: {
        sans: ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
        mono: ["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
      },
    },
  },
};

export default config;
