/**
 * Import: camera and phone folders into one of the user's clouds. Other features use the resumable uploaders
 * (upload/types.ts), e.g. to move files between clouds; the Import page is mounted by the dashboard.
 */
export * from './upload/types';
export { createAzureBlobUploader } from './upload/azblob';
export { createGoogleDriveUploader } from './upload/gdrive';
export { createOneDriveUploader } from './upload/onedrive';
export { uploaderFor } from './uploaders';
