-- What a share's guests may download (issue 23, download sizes): 'none', 'web' (the provider's web-size rendition,
-- delivery.web) or 'original' (the rendition and the original). allow_download stays, true for the last two, for
-- readers that predate it; shares that allowed downloads keep allowing originals.
ALTER TABLE shares ADD COLUMN downloads TEXT NOT NULL DEFAULT 'none' CHECK (downloads IN ('none', 'web', 'original'));
UPDATE shares SET downloads = 'original' WHERE allow_download = 1;
