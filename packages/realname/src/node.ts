export { FileStorage } from './vault/FileStorage.js';
