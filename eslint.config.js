import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Platform and storage libraries stay out of the domain and the commands (DESIGN.md, Layout).
const platformFree = {
  patterns: [
    { group: ['discord.js', 'discord.js/*', '@discordjs/*', 'telegraf', 'telegraf/*', 'lowdb', 'lowdb/*'], message: 'The core and the commands know no platform and no storage library.' },
    { group: ['**/adapters/**', '**/store/**', '**/delivery/**', '**/scheduler/**'], message: 'The core and the commands depend on nothing outside the core.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['src/core/**/*.ts', 'commands/**/*.ts'], rules: { 'no-restricted-imports': ['error', platformFree] } },
  ...['console', 'telegram', 'discord'].map((name) => ({
    files: [`src/adapters/${name}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/adapters/*/**', `!**/adapters/${name}/**`], message: 'One adapter never imports another.' }],
      }],
    },
  })),
);
