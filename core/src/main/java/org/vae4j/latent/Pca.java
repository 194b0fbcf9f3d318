package org.vae4j.latent;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Principal component analysis: the directions of largest variance of a set of points, from the symmetric
 * eigendecomposition of their covariance matrix (EJML).
 *
 * <p>Components are sorted by decreasing variance and have unit length. An eigenvector's sign is arbitrary; here each
 * component is flipped so that its coefficient of largest magnitude is positive, so the same data always gives the
 * same picture. Variances use the unbiased estimator (divided by n - 1).
 */
public final class Pca {
    private final int dims;
    private final double[] mean;
    private final double[][] components;
    private final double[] variances;
    private final double totalVariance;

    private Pca(int dims, double[] mean, double[][] components, double[] variances, double totalVariance) {
        this.dims = dims;
        this.mean = mean;
        this.components = components;
        this.variances = variances;
        this.totalVariance = totalVariance;
    }

    /**
     * Fits the principal components of points.
     *
     * @param points count x dims values, point after point
     * @param count number of points, from 1
     * @param dims dimensions per point, from 1
     * @return all {@code dims} components
     * @throws IllegalArgumentException if the sizes do not agree or a value is not finite
     */
    public static Pca fit(float[] points, int count, int dims) {
        Objects.requireNonNull(points, "points");
        if (count < 1 || dims < 1 || (long) count * dims != points.length) {
            throw new IllegalArgumentException(
                    points.length + " values do not make " + count + " points of " + dims + " dimensions");
        }
        double[] mean = new double[dims];
        for (int i = 0; i < count; i++) {
            for (int d = 0; d < dims; d++) {
                float v = points[i * dims + d];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("point " + i + " has value " + v + " in dimension " + (d + 1));
                }
                mean[d] += v;
            }
        }
        for (int d = 0; d < dims; d++) {
            mean[d] /= count;
        }
        DMatrixRMaj cov = new DMatrixRMaj(dims, dims);
        double[] centred = new double[dims];
        for (int i = 0; i < count; i++) {
            for (int d = 0; d < dims; d++) {
                centred[d] = points[i * dims + d] - mean[d];
            }
            for (int a = 0; a < dims; a++) {
                for (int b = a; b < dims; b++) {
                    cov.add(a, b, centred[a] * centred[b]);
                }
            }
        }
        double denominator = Math.max(1, count - 1);
        double total = 0;
        for (int a = 0; a < dims; a++) {
            for (int b = a; b < dims; b++) {
                double v = cov.get(a, b) / denominator;
                cov.set(a, b, v);
                cov.set(b, a, v);
            }
            total += cov.get(a, a);
        }

        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(dims, true, true);
        if (!eig.decompose(cov)) {
            throw new IllegalStateException("the eigendecomposition of the " + dims + "x" + dims
                    + " covariance matrix did not converge");
        }
        Integer[] order = new Integer[dims];
        double[] values = new double[dims];
        for (int k = 0; k < dims; k++) {
            order[k] = k;
            values[k] = Math.max(0, eig.getEigenvalue(k).getReal()); // rounding can give tiny negatives
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        double[][] components = new double[dims][];
        double[] variances = new double[dims];
        for (int k = 0; k < dims; k++) {
            DMatrixRMaj v = eig.getEigenVector(order[k]);
            double[] c = new double[dims];
            double norm = 0;
            int largest = 0;
            for (int d = 0; d < dims; d++) {
                c[d] = v.get(d, 0);
                norm += c[d] * c[d];
                if (Math.abs(c[d]) > Math.abs(c[largest])) {
                    largest = d;
                }
            }
            norm = Math.sqrt(norm);
            double sign = c[largest] < 0 ? -1 : 1;
            for (int d = 0; d < dims; d++) {
                c[d] = sign * c[d] / norm;
            }
            components[k] = c;
            variances[k] = values[order[k]];
        }
        return new Pca(dims, mean, components, variances, total);
    }

    /** @return the input dimension */
    public int dims() {
        return dims;
    }

    /** @return the mean of the points */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * @param k the component, from 0 (largest variance)
     * @return its unit direction in input space
     */
    public double[] component(int k) {
        return components[Objects.checkIndex(k, dims)].clone();
    }

    /**
     * @param k the component, from 0
     * @return the variance of the points along it (its eigenvalue)
     */
    public double variance(int k) {
        return variances[Objects.checkIndex(k, dims)];
    }

    /**
     * @param k the component, from 0
     * @return its share of the total variance, in [0, 1]; 0 when the points do not vary at all
     */
    public double explainedRatio(int k) {
        return totalVariance > 0 ? variance(k) / totalVariance : 0;
    }

    /**
     * Projects points onto the first components.
     *
     * @param points count x dims values
     * @param count number of points
     * @param components how many components, from 1 to dims
     * @return count x components coordinates, point after point
     */
    public float[] transform(float[] points, int count, int components) {
        Objects.requireNonNull(points, "points");
        if ((long) count * dims != points.length) {
            throw new IllegalArgumentException(
                    points.length + " values do not make " + count + " points of " + dims + " dimensions");
        }
        if (components < 1 || components > dims) {
            throw new IllegalArgumentException("components must be from 1 to " + dims + ", found " + components);
        }
        float[] out = new float[count * components];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < components; k++) {
                double s = 0;
                double[] c = this.components[k];
                for (int d = 0; d < dims; d++) {
                    s += (points[i * dims + d] - mean[d]) * c[d];
                }
                out[i * components + k] = (float) s;
            }
        }
        return out;
    }
}
