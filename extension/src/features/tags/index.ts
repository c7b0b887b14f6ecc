/** Tags: item tags, and the tags that follow folder names. */
export * from './folder-tags';
export * from './tags';
