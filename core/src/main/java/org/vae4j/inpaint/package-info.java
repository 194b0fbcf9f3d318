/** Repairing damaged images: which pixels are missing ({@link org.vae4j.inpaint.MaskSpec}). */
package org.vae4j.inpaint;
