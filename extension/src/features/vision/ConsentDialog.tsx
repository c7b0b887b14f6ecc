import { Dialog } from '../../ui';

/** The consent screen shown before vision is switched on for a source. */
export function ConsentDialog(props: { sourceName: string; onAccept: () => void; onCancel: () => void }) {
  return (
    <Dialog
      title={`Analyse photos in “${props.sourceName}” on this device?`}
      onClose={props.onCancel}
      testId="vision-consent"
    >
      <ul className="consent-points">
        <li>
          Hypomos will look for faces and group them into people, recognise objects (dog, car, beach…), read text in
          documents and screenshots, and find duplicates.
        </li>
        <li>
          It works from the small previews your storage already makes, inside this browser. The models are part of the
          extension: nothing is downloaded and no photo, face or result is sent anywhere.
        </li>
        <li>Faces are never shared unless you choose to include them when you share.</li>
        <li>
          You can switch this off at any time; everything it found for this source is then deleted from this device.
        </li>
      </ul>
      <div className="dialog-actions">
        <button type="button" onClick={props.onCancel}>
          Not now
        </button>
        <button type="button" className="primary" onClick={props.onAccept} data-testid="vision-consent-accept">
          Analyse on this device
        </button>
      </div>
    </Dialog>
  );
}
