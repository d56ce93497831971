// What other areas use of the images area: where its pages are (the gallery, an image's preview, the generator,
// the text overlay editor).
export { GALLERY_PATH as imagesPath, NEW_PATH as newImagePath, imagePreviewPath, overlayPath } from "./paths";
