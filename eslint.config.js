import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Platform and storage libraries stay out of the domain, the chat layer and the commands; nothing
// below the adapters imports one (DESIGN.md, Layout). test/architecture also checks cycles.
const platformFree = {
  patterns: [
    { group: ['discord.js', 'discord.js/*', '@discordjs/*', 'telegraf', 'telegraf/*', 'lowdb', 'lowdb/*'], message: 'The core, the chat layer and the commands know no platform and no storage library.' },
    { group: ['**/adapters/**', '**/store/**', '**/delivery/**', '**/scheduler/**'], message: 'The core, the chat layer and the commands depend on nothing outside them.' },
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
  { files: ['src/core/**/*.ts', 'src/chat/**/*.ts', 'commands/**/*.ts'], rules: { 'no-restricted-imports': ['error', platformFree] } },
  {
    files: ['src/delivery/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/adapters/**', 'discord.js', 'telegraf', 'telegraf/*'], message: 'Delivery posts through the ChatAdapter contract (src/chat/adapter.ts), never an adapter.' }] }] },
  },
  ...['console', 'telegram', 'discord'].map((name) => ({
    files: [`src/adapters/${name}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/adapters/*/**', `!**/adapters/${name}/**`], message: 'One adapter never imports another.' }],
      }],
    },
  })),
);
